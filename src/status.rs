//! Progress statuses (进展状态) and how a leaf's status rolls up from its
//! units' entries.

use serde::Serialize;

/// One of the four statuses of DESIGN.md rule 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Doing,
    Done,
    Blocked,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Todo, Status::Doing, Status::Done, Status::Blocked];

    /// Accepts the English key or the Chinese name.
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim();
        Status::ALL.into_iter().find(|s| s.key().eq_ignore_ascii_case(text) || s.chinese() == text)
    }

    /// The English key written to files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Blocked => "blocked",
        }
    }

    /// The Chinese name used in the notice's offices.
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Todo => "未开始",
            Status::Doing => "推进中",
            Status::Done => "已完成",
            Status::Blocked => "受阻",
        }
    }

    /// Rolls up the statuses of a leaf's responsible units: all done → done,
    /// any blocked → blocked, any started → doing, else todo. A unit without
    /// an entry counts as todo.
    pub fn roll_up(statuses: impl IntoIterator<Item = Status>) -> Status {
        let mut all_done = true;
        let mut any = false;
        let mut started = false;
        let mut blocked = false;
        for status in statuses {
            any = true;
            all_done &= status == Status::Done;
            started |= status != Status::Todo;
            blocked |= status == Status::Blocked;
        }
        if blocked {
            Status::Blocked
        } else if any && all_done {
            Status::Done
        } else if started {
            Status::Doing
        } else {
            Status::Todo
        }
    }
}

/// A status given on the command line, or an error naming the spellings.
pub fn parse_arg(text: &str) -> anyhow::Result<Status> {
    Status::parse(text).ok_or_else(|| {
        anyhow::anyhow!(crate::tr!(
            "未知状态 `{text}`\nhint: 请使用以下之一: {}",
            "unknown status `{text}`\nhint: use one of {}",
            spellings()
        ))
    })
}

/// The accepted spellings, for error hints.
pub fn spellings() -> String {
    Status::ALL.iter().map(|s| format!("{}/{}", s.chinese(), s.key())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn both_languages_parse() {
        assert_eq!(Status::parse("已完成"), Some(Done));
        assert_eq!(Status::parse("DONE"), Some(Done));
        assert_eq!(Status::parse("受阻"), Some(Blocked));
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn roll_up_rules() {
        assert_eq!(Status::roll_up([Done, Done]), Done);
        assert_eq!(Status::roll_up([Done, Todo]), Doing);
        assert_eq!(Status::roll_up([Done, Blocked]), Blocked);
        assert_eq!(Status::roll_up([Todo, Todo]), Todo);
        assert_eq!(Status::roll_up([]), Todo);
    }
}
