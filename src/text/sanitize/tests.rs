use super::*;

#[test]
fn removes_controls_and_bidi_overrides() {
    let dirty = "a\u{1b}[31mb\u{7f}c\u{85}d\u{202e}e\u{2067}f\u{0}g";
    assert_eq!(sanitize(dirty), "a[31mbcdefg");
}

#[test]
fn keeps_newlines_turns_tabs_into_spaces_and_crlf_into_lf() {
    assert_eq!(sanitize("a\tb\r\nc\rd\n"), "a b\nc\nd\n");
    assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a\nb\nc");
}

#[test]
fn clean_text_is_unchanged_including_cjk_and_symbols() {
    let text = "嵌入式AI简报（2020-06-03）：量化｜剪枝 — “ok” © ‘x’… · ★ → ①";
    assert!(is_clean(text));
    assert!(is_clean_line(text));
    assert_eq!(sanitize(text), text);
    assert_eq!(sanitize_owned(text.to_string()), text);
    assert_eq!(sanitize_line(text), text);
}

#[test]
fn invisible_characters_are_removed() {
    let text = "zw\u{200B}x\u{200C}\u{200E}\u{200F}\u{61C}\u{2060}\u{2062}\u{FEFF}\u{AD}\u{180E}\
                \u{3164}\u{115F}\u{FFA0}\u{FFF9}a\u{FFFA}b\u{FFFB}\u{E0041}\u{E0001}\u{1D173}";
    assert_eq!(sanitize(text), "zwxab");
    assert!(!is_clean(text));
}

#[test]
fn emoji_keep_their_joiners_flags_and_variation_selectors() {
    let family = "👩\u{200D}💻 🏳\u{FE0F}\u{200D}🌈 ❤\u{FE0F}\u{200D}🔥 🐈\u{200D}⬛ 👍🏽\u{200D} ";
    let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    let kept = format!("{family}{england} 葛\u{E0100} ☺\u{FE0E}");
    let expected = kept.replacen("🏽\u{200D}", "🏽", 1);
    assert_eq!(sanitize(&kept), expected);
    assert!(is_clean(&expected));
}

#[test]
fn joiners_and_tags_outside_emoji_are_removed() {
    assert_eq!(
        sanitize("a\u{200D}b 中\u{200D}文 👩\u{200D}x"),
        "ab 中文 👩x"
    );
    // Tags that smuggle text, or follow something else than a black flag.
    let hidden: String = "ignore"
        .chars()
        .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
        .collect();
    assert_eq!(sanitize(&format!("ok{hidden}\u{E007F}")), "ok");
    assert_eq!(sanitize(&format!("🏴{hidden}x{hidden}\u{E007F}")), "🏴x");
    let long =
        "🏴\u{E0061}\u{E0062}\u{E0063}\u{E0064}\u{E0065}\u{E0066}\u{E0067}\u{E0068}\u{E007F}";
    assert_eq!(sanitize(long), "🏴");
    assert_eq!(sanitize("🏴\u{E007F}"), "🏴");
}

#[test]
fn single_line_text_folds_line_breaks_into_one_space() {
    assert_eq!(
        sanitize_line("Weekly\n2021-01-01  | fake\r\nline"),
        "Weekly 2021-01-01  | fake line"
    );
    assert_eq!(sanitize_line(" a \n\n b \u{2028}c\n"), "a b c");
    assert_eq!(sanitize_line("标题\u{200B}\n续"), "标题 续");
    assert_eq!(sanitize_line_owned("t\u{7}ab".to_string()), "tab");
    assert!(!is_clean_line("a\nb"));
    assert!(is_clean("a\nb"));
}

#[test]
fn urls_lose_invisibles_and_are_refused_with_whitespace() {
    assert_eq!(
        sanitize_url("https://example.com/zw\u{200B}x").as_deref(),
        Some("https://example.com/zwx")
    );
    assert_eq!(
        sanitize_url("https://x.org/\u{1b}a\u{200D}\u{FE0F}").as_deref(),
        Some("https://x.org/a")
    );
    assert_eq!(
        sanitize_url("https://zh.wikipedia.org/wiki/中文").as_deref(),
        Some("https://zh.wikipedia.org/wiki/中文")
    );
    for bad in [
        "https://e.com/a\nb",
        "https://e.com/a\rb",
        "a b",
        "a\tb",
        "a\u{A0}b",
        "a\u{3000}b",
        "a\u{2028}b",
        "a\u{2800}b",
    ] {
        assert_eq!(sanitize_url(bad), None, "{bad:?}");
    }
    assert!(is_clean_url("https://a.io/p?q=1#f"));
    assert!(!is_clean_url("https://a.io/\u{200B}"));
}

/// The fast scan must see every character the rule may change, for every character
/// and whatever follows it.
#[test]
fn every_changed_character_is_suspicious() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let mut buf = [0u8; 4];
        let encoded = c.encode_utf8(&mut buf).as_bytes();
        let third = encoded.get(2).copied().unwrap_or(0);
        let flagged = suspicious(encoded[0], encoded.get(1).copied().unwrap_or(0), third) == 1;
        if class(c) != Class::Keep {
            assert!(flagged, "{c:?} is changed but not suspicious");
        }
        let alone = c.to_string();
        assert_eq!(is_clean(&alone), sanitize(&alone) == alone, "{c:?}");
        let framed = format!("ab{c}");
        assert_eq!(is_clean(&framed), rebuild(&framed) == framed, "{c:?}");
    }
}

#[test]
fn is_clean_agrees_with_sanitize_around_emoji() {
    let pieces = [
        "👩",
        "\u{200D}",
        "💻",
        "🏴",
        "\u{E0067}",
        "\u{E007F}",
        "a",
        "\u{FE0F}",
        "\n",
        "\r",
        "中",
    ];
    let mut state = 7u64;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..6 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        let clean = sanitize(&text);
        assert_eq!(is_clean(&text), clean == text, "{text:?}");
        assert!(is_clean(&clean), "{clean:?}");
        assert_eq!(sanitize(&clean), clean);
        let line = sanitize_line(&text);
        assert!(is_clean_line(&line), "{line:?}");
    }
}

#[test]
fn common_punctuation_is_not_suspicious() {
    for text in [
        "“”‘’—…·©®°±×÷",
        "，。、；：？！（）【】《》｜～",
        "→★①№℃",
        "ẞàéü",
    ] {
        assert!(!any_suspicious(text.as_bytes()), "{text}");
    }
}
