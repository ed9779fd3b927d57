//! Libraries built from model structs, for tests, snapshots and benchmarks: CJK-heavy
//! titles, mixed-width sources, long summaries, tricky links. Deterministic.

use crate::model::{Entry, Issue, Library, Link, Section, SourceId};

/// The newsletter every fixture issue belongs to.
pub fn fixture_source() -> SourceId {
    SourceId::new("fixtures").expect("a valid source id")
}

fn link(text: &str, url: &str) -> Link {
    Link {
        text: text.into(),
        url: url.into(),
    }
}

fn entry(title: &str, source: Option<&str>, url: &str, summary: &str) -> Entry {
    Entry::new(title, source, summary)
        .with_url(url)
        .with_link(title, url)
}

/// Three issues in the shape of 嵌入式AI简报, with the edge cases a reader meets.
pub fn cjk_library() -> Library {
    Library::new(vec![newest_issue(), middle_issue(), oldest_issue()])
}

fn newest_issue() -> Issue {
    let paper = entry(
        "为了不让GPU等CPU，谷歌提出“数据回波”榨干GPU空闲时间，训练速度提升3倍多",
        Some("量子位"),
        "https://mp.weixin.qq.com/s/QLf7x5l1aok4pJ5xfZcdtw",
        "训练时GPU或者是更快的AI加速器实际上在等上游如图像预处理等的计算，且由于上游和加速器的下游的串行流水排布，导致AI加速器的使用率并非100%。本文作者提出，加速器空置50%情况下，预处理batch的第一个优化步骤之后，可重复利用该batch再进行一次训练。\n\n数据回波（data echoing）在样本级别对数据Shuffle，而batch回波则对重复批次的序列做Shuffle。",
    );
    let paper = paper
        .with_tag("CVPR2020")
        .with_link("原文", "https://arxiv.org/abs/1907.05550")
        .with_link(
            "博客",
            "https://ai.googleblog.com/2020/05/speeding-up-neural-network-training.html",
        );
    let tricky = entry(
        "一个不安全的链接（不应被打开）",
        Some("测试"),
        "javascript:alert(1)",
        "这个条目的主链接是 javascript: 协议，阅读器必须拒绝打开它。",
    );
    let tricky = tricky.with_link("本地文件", "file:///etc/passwd");
    Issue {
        source: fixture_source(),
        id: "2020-06-03".into(),
        title: "嵌入式AI简报 (2020-06-03)".into(),
        date: Some("2020-06-03".into()),
        number: Some(12),
        location: "fixtures/2020-06-03.md".into(),
        intro: "导读：本次16条。【业界新闻】TensorFlow Lite亮相TF DevSummit性能方面支持OpenCL且CPU基于ruy性能也有提升；ARM Cortex-A78和旗舰X1的新架构发布。【论文】谷歌提出数据回波榨干训练时的GPU资源。".into(),
        sections: vec![
            Section {
                title: "业界新闻".into(),
                body: String::new(),
                entries: vec![
                    entry(
                        "TensorFlow Lite 新功能亮相 TF DevSummit‘20",
                        Some("TensorFlow"),
                        "https://mp.weixin.qq.com/s/G-LyRhJwhYk1rvj6vmMFLg",
                        "摘要：新模型支持MobileBERT 和 ALBERT-Lite（支持多种 NLP 任务的轻量级版本 BERT）、EfficientNet-Lite的支持；新的 TensorFlow Lite 转换器支持如DeepSpeech V2，Mask R-CNN，MobileBERT，MobileNetSSD 等。\n性能方面。新的arm cpu矩阵乘法库 ruy（https://github.com/google/ruy ），以及xnnpack、Hexagon DSP、CoreML、OpenCL（安卓）等Delegate的推理支持。",
                    ),
                    entry(
                        "ARM的新架构Cortex-A78和Cortex-X1，Mali-G78和G68",
                        Some("三易生活"),
                        "https://mp.weixin.qq.com/s/FP3yRFnzoGmtpPG39Oatsg",
                        "今年的Cortex-A78架构上，ARM故技重施，再次使用不对等制程和频率条件，得出一个“性能大幅提升”的结论。",
                    ),
                    entry(
                        "树莓派4首发8GB版本，售价75刀 👩‍💻 还可尝鲜64位操作系统",
                        Some("机器之心"),
                        "https://mp.weixin.qq.com/s/QnaX9_JcBuF4kVSpcD-O7Q",
                        "树莓派 4 使用四核 64 位的 ARM Cortex-A72 处理器，具有千兆以太网，双频 802.11ac 无线网，蓝牙 5.0。",
                    ),
                ],
                ..Section::default()
            },
            Section {
                title: "论文".into(),
                body: String::new(),
                entries: vec![paper, tricky],
                ..Section::default()
            },
            Section {
                title: "编者按".into(),
                body: "这一节只有文字，没有条目：「端侧推理」的门槛正在降低，但模型压缩、低比特量化与编译优化仍是三座大山。".into(),
                entries: Vec::new(),
                ..Section::default()
            },
        ],
        archive: vec![
            link("2020-05-15", "../embedded-ai-report/2020-05-15.md"),
            link("2019-03-31", "./embedded-ai-report/2019-03-31.md"),
        ],
        ..Issue::default()
    }
}

fn middle_issue() -> Issue {
    Issue {
        source: fixture_source(),
        id: "2020-05-15".into(),
        title: "嵌入式AI简报 (2020-05-15)".into(),
        date: Some("2020-05-15".into()),
        number: Some(11),
        location: "fixtures/2020-05-15.md".into(),
        intro: "导读：ＴＶＭ、MNN 与 e\u{301}dge 推理，全角标点（如此）与半角混排。".into(),
        sections: vec![Section {
            title: "开源项目".into(),
            body: String::new(),
            entries: (1..=14)
                .map(|n| {
                    entry(
                        &format!("alibaba/MNN 第{n}版：轻量级的深度神经网络推理引擎，支持ＡＲＭ与ＯｐｅｎＣＬ"),
                        Some(if n % 2 == 0 { "GitHub" } else { "知乎专栏·端侧推理" }),
                        &format!("https://github.com/alibaba/MNN/releases/{n}"),
                        "MNN是一个轻量级的深度神经网络推理引擎，在端侧加载深度神经网络模型进行推理预测。",
                    )
                })
                .collect(),
            ..Section::default()
        }],
        archive: Vec::new(),
        ..Issue::default()
    }
}

fn oldest_issue() -> Issue {
    Issue {
        source: fixture_source(),
        id: "2019-03-31".into(),
        title: "Embedded AI Report, issue one: a very long English title that must be truncated"
            .into(),
        date: Some("2019-03-31".into()),
        number: Some(1),
        location: "fixtures/2019-03-31.md".into(),
        intro: String::new(),
        sections: vec![Section {
            title: "Blog posts".into(),
            body: String::new(),
            entries: vec![entry(
                "Quantizing deep convolutional networks for efficient inference",
                None,
                "https://arxiv.org/abs/1806.08342",
                "A whitepaper on quantization: per-channel weights, asymmetric activations, and quantization-aware training.",
            )],
            ..Section::default()
        }],
        archive: Vec::new(),
        ..Issue::default()
    }
}

/// `count` issues of about twenty entries each, newest first, for benchmarks.
pub fn synthetic_library(count: usize) -> Library {
    let template = newest_issue();
    let issues = (0..count)
        .map(|n| {
            let mut issue = template.clone();
            let day = 1 + n % 28;
            let month = 1 + (n / 28) % 12;
            let year = 2100 - n / 336;
            let date = format!("{year:04}-{month:02}-{day:02}");
            issue.id = format!("{date}-{n}");
            issue.title = format!("嵌入式AI简报 第{}期 ({date})", count - n);
            issue.date = Some(date);
            issue.sections[0].entries = (0..16)
                .map(|_| template.sections[0].entries[n % 3].clone())
                .collect();
            issue
        })
        .collect();
    Library::new(issues)
}
