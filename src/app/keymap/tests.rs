use super::*;

fn names_of<C: CommandSet + std::str::FromStr>(mode: Mode) -> Vec<String>
where
    C::Err: std::fmt::Debug,
{
    let names = commands::command_names(&C::specs(mode));
    for name in &names {
        let command: C = name.parse().expect(name);
        assert_eq!(&command.to_string(), name, "{mode}");
    }
    names
}

#[test]
fn every_command_name_round_trips() {
    let all = [
        names_of::<BrowseCommand>(Mode::Browse),
        names_of::<SearchCommand>(Mode::Search),
        names_of::<LinksCommand>(Mode::Links),
        names_of::<OverlayCommand>(Mode::Help),
        names_of::<OverlayCommand>(Mode::Log),
        names_of::<StarredCommand>(Mode::Starred),
    ];
    for names in all {
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "a name twice in {names:?}");
        for name in &names {
            let snake = name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(snake, "{name} is not snake_case");
        }
    }
}

#[test]
fn command_names_are_the_stable_ones() {
    assert_eq!("next_issue".parse(), Ok(BrowseCommand::NextIssue));
    assert_eq!("open_link".parse(), Ok(BrowseCommand::OpenLink));
    assert_eq!("open_link_3".parse(), Ok(BrowseCommand::OpenNth(3)));
    assert_eq!(
        "page_down".parse(),
        Ok(BrowseCommand::Move(Motion::PageDown))
    );
    assert_eq!("Next-Issue".parse(), Ok(BrowseCommand::NextIssue));
    assert_eq!("delete_word".parse(), Ok(SearchCommand::DeleteWord));
    assert_eq!("close".parse(), Ok(LinksCommand::Close));
    assert_eq!("close".parse(), Ok(OverlayCommand::Close));
}

#[test]
fn modes_have_stable_names() {
    for (mode, name) in Mode::ALL
        .into_iter()
        .zip(["browse", "search", "starred", "help", "links", "log"])
    {
        assert_eq!(mode.to_string(), name);
        assert_eq!(name.parse(), Ok(mode));
    }
    assert!("picker".parse::<Mode>().is_err());
}

#[test]
fn browse_has_no_prompt_commands() {
    let names = Keymap::default().command_names(Mode::Browse);
    assert!(names.contains(&"next_issue".to_string()));
    for prompt in ["delete_word", "cursor_left", "clear_query"] {
        assert!(!names.contains(&prompt.to_string()), "{prompt}");
        let err = prompt.parse::<BrowseCommand>().unwrap_err();
        assert_eq!(err.mode, Mode::Browse);
        assert_eq!(err.known, names);
    }
}

#[test]
fn every_mode_can_quit_with_ctrl_c() {
    let keymap = Keymap::default();
    for mode in Mode::ALL {
        let quit = keymap
            .bindings()
            .into_iter()
            .find(|b| b.mode == mode && b.key == Key::Ctrl('c'));
        assert_eq!(quit.map(|b| b.command), Some("quit".into()), "{mode}");
    }
}

#[test]
fn no_key_is_bound_twice_in_one_mode() {
    let table = Keymap::default().bindings();
    for (i, a) in table.iter().enumerate() {
        for b in &table[i + 1..] {
            assert!(
                !(a.mode == b.mode && a.key == b.key),
                "{:?} {:?}",
                a.mode,
                a.key
            );
        }
    }
}

#[test]
fn help_collapses_digits_and_merges_keys() {
    let keymap = Keymap::default();
    let lines = keymap.help_lines(Mode::Browse);
    assert!(lines.contains(&HelpLine {
        keys: "1–9".into(),
        help: "open link n"
    }));
    assert!(lines.contains(&HelpLine {
        keys: "j ↓".into(),
        help: "down"
    }));
    assert!(keymap.help_lines(Mode::Links).contains(&HelpLine {
        keys: "Enter o".into(),
        help: "open the link"
    }));
}

#[test]
fn footer_hints_come_from_the_table() {
    let keymap = Keymap::default();
    let hints = keymap.footer_hints(Mode::Browse);
    assert_eq!(hints[0], (Key::Enter, "open"));
    assert!(hints.contains(&(Key::Char('q'), "quit")));
    assert_eq!(keymap.footer_hints(Mode::Help), [(Key::Esc, "close")]);
    assert_eq!(keymap.footer_hints(Mode::Log), [(Key::Esc, "close")]);
}

#[test]
fn help_and_log_close_with_their_own_key() {
    let keymap = Keymap::default();
    let help = keymap.overlay(Mode::Help);
    let log = keymap.overlay(Mode::Log);
    assert_eq!(help.lookup(Key::Char('?')), Some(OverlayCommand::Close));
    assert_eq!(help.lookup(Key::Char('!')), None);
    assert_eq!(log.lookup(Key::Char('!')), Some(OverlayCommand::Close));
}

#[test]
fn an_override_rebinds_and_shows_in_help_and_footer() {
    let keymap = Keymap::default()
        .with_override(Mode::Browse, Key::Char('x'), Some("next_issue"))
        .unwrap()
        .with_override(Mode::Browse, Key::Char('/'), None)
        .unwrap()
        .with_override(Mode::Browse, Key::Ctrl('f'), Some("search"))
        .unwrap();
    let browse = keymap.browse();
    assert_eq!(
        browse.lookup(Key::Char('x')),
        Some(BrowseCommand::NextIssue)
    );
    assert_eq!(
        browse.lookup(Key::Char(']')),
        Some(BrowseCommand::NextIssue)
    );
    assert_eq!(browse.lookup(Key::Char('/')), None);
    assert!(keymap.help_lines(Mode::Browse).contains(&HelpLine {
        keys: "] x".into(),
        help: "next issue"
    }));
    let hints = keymap.footer_hints(Mode::Browse);
    assert!(hints.contains(&(Key::Ctrl('f'), "search")), "{hints:?}");
    assert_eq!(
        keymap.search().lookup(Key::Char('x')),
        None,
        "other modes keep theirs"
    );
}

#[test]
fn overriding_a_default_key_replaces_it() {
    let keymap = Keymap::default()
        .with_override(Mode::Browse, Key::Char('j'), Some("next_issue"))
        .unwrap();
    assert_eq!(
        keymap.browse().lookup(Key::Char('j')),
        Some(BrowseCommand::NextIssue)
    );
    let down: Vec<Key> = keymap
        .browse()
        .keys(BrowseCommand::Move(Motion::Down))
        .collect();
    assert_eq!(down, [Key::Down]);
}

#[test]
fn a_key_bound_twice_is_a_conflict_naming_both() {
    let mut keymap = Keymap::default();
    keymap
        .set(Mode::Browse, Key::Char('x'), Some("next_issue"))
        .unwrap();
    let before = keymap.clone();
    let err = keymap
        .set(Mode::Browse, Key::Char('x'), Some("prev_issue"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "x is bound twice in browse mode: to next_issue and to prev_issue"
    );
    assert_eq!(keymap, before, "a refused override changes nothing");
    let err = keymap.set(Mode::Browse, Key::Char('x'), None).unwrap_err();
    assert!(
        err.to_string().contains("to next_issue and to none"),
        "{err}"
    );
    // The same binding again, however spelled, is no conflict; another mode is apart.
    keymap
        .set(Mode::Browse, Key::Char('x'), Some("Next-Issue"))
        .unwrap();
    keymap
        .set(Mode::Links, Key::Char('x'), Some("close"))
        .unwrap();
}

#[test]
fn an_unknown_command_names_the_mode_and_lists_the_known() {
    let err = Keymap::default()
        .with_override(Mode::Help, Key::Char('x'), Some("next_issue"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"next_issue\" is not a command in help mode"
    );
    let KeymapError::UnknownCommand(unknown) = err else {
        panic!("{err:?}");
    };
    assert!(unknown.known.contains(&"close".to_string()));
}
