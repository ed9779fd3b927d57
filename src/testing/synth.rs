//! Synthetic newsletter issues for benchmarks and tests: deterministic Markdown in
//! the shape of a real link digest, Chinese mixed with English, ~17 KB per issue.

use crate::model::{Entry, Issue, Library, Section, SourceId};

const SECTIONS: &[&str] = &["业界新闻", "论文", "开源项目", "博文", "应用"];
const SOURCES: &[&str] = &[
    "机器之心",
    "知乎",
    "量子位",
    "Medium",
    "arXiv",
    "GitHub",
    "CSDN",
];
const WORDS: &[&str] = &[
    "低比特量化",
    "模型压缩",
    "剪枝",
    "知识蒸馏",
    "移动端",
    "推理加速",
    "TVM",
    "TensorFlow Lite",
    "MNN",
    "NCNN",
    "Paddle Lite",
    "ARM",
    "NPU",
    "GPU",
    "DSP",
    "int8",
    "fp16",
    "Winograd",
    "卷积",
    "算子融合",
    "内存复用",
    "编译器",
    "benchmark",
    "latency",
    "端侧部署",
    "神经网络",
    "Transformer",
    "MobileNet",
    "稀疏化",
    "自动调优",
    "quantization",
    "pruning",
    "高通",
    "骁龙",
];

/// A small deterministic pseudo-random generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Id (a date-like file stem) of synthetic issue `n`; distinct for every `n`.
pub fn issue_id(n: usize) -> String {
    let year = 2000 + n / 336;
    let month = (n / 28) % 12 + 1;
    let day = n % 28 + 1;
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Markdown text of synthetic issue `n` (about 17 KB).
pub fn issue_markdown(n: usize) -> String {
    let mut rng = Rng(n as u64 + 1);
    let id = issue_id(n);
    let mut out = format!("---\nlayout: default\n---\n\n# 嵌入式AI简报 ({id})\n\n");
    out.push_str("**导读**：本期关注端侧推理与模型压缩的最新进展，Chinese and English mixed.\n\n");
    let mut entry = 0;
    while out.len() < 16_500 {
        let section = SECTIONS[entry / 6 % SECTIONS.len()];
        if entry % 6 == 0 {
            out.push_str(&format!("## {section}\n\n"));
        }
        push_entry(&mut out, &mut rng, n, entry);
        entry += 1;
    }
    out.push_str("\n## 往期回顾\n\n| 2 | 0 | 2 | 0 |\n|:---:|:---:|:---:|:---:|\n");
    out.push_str("| [2020-06-03](../r/2020-06-03.md) | [2020-05-15](../r/2020-05-15.md) | | |\n\n");
    out.push_str("----\n\n![wechat](./qr.jpg)\n\nWechat ID: Example\n");
    out
}

fn push_entry(out: &mut String, rng: &mut Rng, n: usize, entry: usize) {
    let title = format!(
        "{} {} {}",
        rng.pick(WORDS),
        rng.pick(WORDS),
        rng.pick(WORDS)
    );
    let source = rng.pick(SOURCES);
    out.push_str(&format!(
        "- [{title} | {source}](https://example.com/{n}/{entry})  \n摘要："
    ));
    for _ in 0..12 {
        out.push_str(rng.pick(WORDS));
        out.push_str(if rng.next().is_multiple_of(3) {
            "，"
        } else {
            " "
        });
    }
    out.push_str("。\n\n");
}

/// `count` synthetic issues as (id, Markdown) pairs.
pub fn library_markdown(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|n| (issue_id(n), issue_markdown(n)))
        .collect()
}

/// A library of `issues` issues of `entries` entries each, built directly (no
/// Markdown), for benchmarks of what is done per issue and per entry; every entry
/// links to its own URL, so every key is distinct.
pub fn library(source: &SourceId, issues: usize, entries: usize) -> Library {
    let issues = (0..issues)
        .map(|n| {
            let mut rng = Rng(n as u64 + 1);
            let id = issue_id(n);
            let section = Section {
                title: SECTIONS[n % SECTIONS.len()].to_string(),
                entries: (0..entries)
                    .map(|e| {
                        let title = format!("{} {}", rng.pick(WORDS), rng.pick(WORDS));
                        Entry::new(&title, Some(rng.pick(SOURCES)), "摘要")
                            .with_url(&format!("https://example.com/{n}/{e}"))
                    })
                    .collect(),
                ..Section::default()
            };
            Issue {
                source: source.clone(),
                title: format!("嵌入式AI简报 ({id})"),
                date: Some(id.clone()),
                location: format!("synth:{id}"),
                id,
                sections: vec![section],
                ..Issue::default()
            }
        })
        .collect();
    let mut library = Library::new(issues);
    library.sort();
    library
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_are_about_17_kb_and_distinct() {
        let text = issue_markdown(7);
        assert!((16_000..18_500).contains(&text.len()), "{}", text.len());
        assert_eq!(text, issue_markdown(7));
        assert_ne!(issue_id(1), issue_id(2));
    }
}
