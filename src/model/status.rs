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

/// Words people write for a status that are not one of its spellings,
/// and the status each means: what a did-you-mean offers for them.
const SYNONYMS: &[(&str, Status)] = &[
    ("完成", Status::Done),
    ("已完", Status::Done),
    ("完毕", Status::Done),
    ("完结", Status::Done),
    ("已完结", Status::Done),
    ("办结", Status::Done),
    ("已办结", Status::Done),
    ("finished", Status::Done),
    ("complete", Status::Done),
    ("completed", Status::Done),
    ("进行中", Status::Doing),
    ("进行", Status::Doing),
    ("推进", Status::Doing),
    ("正在推进", Status::Doing),
    ("办理中", Status::Doing),
    ("实施中", Status::Doing),
    ("在办", Status::Doing),
    ("started", Status::Doing),
    ("in progress", Status::Doing),
    ("in-progress", Status::Doing),
    ("未启动", Status::Todo),
    ("未开展", Status::Todo),
    ("尚未开始", Status::Todo),
    ("待办", Status::Todo),
    ("not started", Status::Todo),
    ("pending", Status::Todo),
    ("阻塞", Status::Blocked),
    ("受阻碍", Status::Blocked),
    ("停滞", Status::Blocked),
    ("搁置", Status::Blocked),
    ("stuck", Status::Blocked),
];

/// The spelling `text` was probably meant to be: the status a common word
/// stands for, else the nearest spelling, in the script `text` is written
/// in (`完成` → `已完成`, `finshed` → `done`).
pub fn suggest(text: &str) -> Option<&'static str> {
    let text = text.trim();
    let ascii = text.is_ascii();
    let spelling = |s: Status| if ascii { s.key() } else { s.chinese() };
    if let Some((_, status)) = SYNONYMS.iter().find(|(word, _)| word.eq_ignore_ascii_case(text)) {
        return Some(spelling(*status));
    }
    let lower = text.to_lowercase();
    let spellings = Status::ALL.iter().flat_map(|s| [s.key(), s.chinese()]);
    crate::model::registry::closest(&lower, spellings)
}

/// The hint for a status that is not one: a did-you-mean where one is
/// near, and the accepted spellings.
pub fn hint(text: &str) -> String {
    match suggest(text) {
        Some(near) => {
            crate::tr!("是否应为 `{near}`?状态可写作: {}", "did you mean `{near}`? A status is one of {}", spellings())
        }
        None => crate::tr!("请使用以下之一: {}", "use one of {}", spellings()),
    }
}

/// A status given on the command line, or an error with a did-you-mean
/// and the spellings.
pub fn parse_arg(text: &str) -> anyhow::Result<Status> {
    Status::parse(text).ok_or_else(|| {
        anyhow::anyhow!(crate::tr!("未知状态 `{text}`\nhint: {}", "unknown status `{text}`\nhint: {}", hint(text)))
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
    fn did_you_mean() {
        assert_eq!(suggest("完成"), Some("已完成"));
        assert_eq!(suggest("进行中"), Some("推进中"));
        assert_eq!(suggest("推进"), Some("推进中"));
        assert_eq!(suggest("started"), Some("doing"));
        assert_eq!(suggest("Finished"), Some("done"));
        assert_eq!(suggest("doen"), Some("done"));
        assert_eq!(suggest("blokced"), Some("blocked"));
        assert_eq!(suggest("未开使"), Some("未开始"));
        assert_eq!(suggest("x"), None);
        assert_eq!(suggest("市司法局"), None);
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
