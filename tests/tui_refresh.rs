//! Refreshing from inside the reader: allowed only for a source, started by `r` or at start-up.

use brief::app::Key::Char;
use brief::app::state::RefreshState;
use brief::app::{Action, Effect, State, update};
use brief::testing::fixture::cjk_library;

fn reader(blocked: Option<&str>) -> State {
    let mut state = State::new(cjk_library(), "test", 120, 40);
    state.refresh_blocked = blocked.map(str::to_string);
    state
}

#[test]
fn start_up_refresh_runs_in_the_background_for_a_source() {
    let mut state = reader(None);
    assert_eq!(update(&mut state, Action::StartRefresh), [Effect::Refresh]);
    assert!(matches!(state.refresh, RefreshState::Running { .. }));
    assert!(
        update(&mut state, Action::Key(Char('r'))).is_empty(),
        "one at a time"
    );
}

#[test]
fn local_files_and_offline_readers_do_not_refresh_and_say_why() {
    for reason in ["reading local files", "--offline"] {
        let mut state = reader(Some(reason));
        assert!(update(&mut state, Action::Key(Char('r'))).is_empty());
        assert!(update(&mut state, Action::StartRefresh).is_empty());
        assert_eq!(state.refresh, RefreshState::Idle);
        let message = state
            .message
            .as_ref()
            .expect("a status message")
            .text
            .clone();
        assert!(message.contains(reason), "{message}");
    }
}
