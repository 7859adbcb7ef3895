//! Chinese and English labels. The checklist's setting picks one; `--lang`
//! overrides it.

use crate::model::due::Due;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether messages are in English; set once the language is known (from
/// `--lang`, the checklist or the locale) and read where messages are made.
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Sets the language of messages.
pub fn set(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

/// The language of messages.
pub fn current() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) { Lang::En } else { Lang::Zh }
}

/// A message in the current language: `tr!("未知单位 `{name}`", "unknown unit `{name}`")`.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::current() {
            $crate::i18n::Lang::Zh => format!($zh $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}
use crate::model::ledger::Role;
use crate::model::status::Status;

/// An output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Reads a setting value; anything but `en` is Chinese.
    pub fn from_setting(value: &str) -> Lang {
        if value.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Zh }
    }

    /// The locale's language (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese for
    /// `zh_*`, English otherwise.
    pub fn from_locale() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.starts_with("zh") { Lang::Zh } else { Lang::En }
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn status(self, status: Status) -> &'static str {
        match self {
            Lang::Zh => status.chinese(),
            Lang::En => status.key(),
        }
    }

    /// The headers of the counts every summary row has, after its name.
    pub fn count_headers(self) -> [&'static str; 7] {
        let l = self.labels();
        [
            self.status(Status::Done),
            self.status(Status::Doing),
            self.status(Status::Blocked),
            self.status(Status::Todo),
            l.overdue,
            l.stale,
            l.progress_bar,
        ]
    }

    pub fn role(self, role: Role) -> &'static str {
        let l = self.labels();
        match role {
            Role::Lead => l.lead,
            Role::Responsible => l.responsible,
            Role::Support => l.support,
            Role::Scope => l.scope,
        }
    }

    /// A deadline as a reader expects it: the document's wording in Chinese,
    /// the ISO form in English.
    pub fn due(self, due: Option<Due>, due_text: Option<&str>) -> String {
        match (self, due, due_text) {
            (Lang::Zh, _, Some(text)) => text.to_string(),
            (_, Some(due), _) => due.key(),
            (_, None, Some(text)) => text.to_string(),
            (Lang::Zh, None, None) => "无时限".to_string(),
            (Lang::En, None, None) => "no deadline".to_string(),
        }
    }
}

/// Every label a command prints.
pub struct Labels {
    pub id: &'static str,
    pub group: &'static str,
    pub text: &'static str,
    pub units: &'static str,
    pub scope: &'static str,
    pub due: &'static str,
    pub status: &'static str,
    pub role: &'static str,
    pub lead: &'static str,
    /// Any role but lead, in counts.
    pub co: &'static str,
    pub responsible: &'static str,
    /// Leaders named for a task (people).
    pub persons: &'static str,
    pub support: &'static str,
    pub via: &'static str,
    /// `{}` is the collective an entry was recorded for as a whole.
    pub recorded_for: &'static str,
    pub target: &'static str,
    pub duties: &'static str,
    pub progress: &'static str,
    pub no_progress: &'static str,
    pub evidence: &'static str,
    pub measure: &'static str,
    pub leaves: &'static str,
    pub none: &'static str,
    pub extended_to: &'static str,
    pub date: &'static str,
    pub commit: &'static str,
    pub author: &'static str,
    pub unit: &'static str,
    pub change: &'static str,
    pub flag: &'static str,
    pub total: &'static str,
    pub overdue: &'static str,
    pub stale: &'static str,
    pub progress_bar: &'static str,
    pub leaves_header: &'static str,
    pub scope_header: &'static str,
    pub yes: &'static str,
    pub history: &'static str,
    pub indicator: &'static str,
    pub target_value: &'static str,
    pub period: &'static str,
    pub actual: &'static str,
    pub verdict: &'static str,
    pub gap: &'static str,
    pub missing: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub no_data: &'static str,
    pub all_units: &'static str,
    /// Headers and sheet names of `export`.
    pub entry_date: &'static str,
    pub due_date: &'static str,
    pub extended_header: &'static str,
    pub note: &'static str,
    pub evidence_header: &'static str,
    pub days_overdue: &'static str,
    pub sheet_ledger: &'static str,
    pub sheet_by_unit: &'static str,
}

const ZH: Labels = Labels {
    id: "编号",
    group: "基本要求",
    text: "具体措施",
    units: "责任单位",
    scope: "范围",
    due: "完成时限",
    status: "状态",
    role: "角色",
    lead: "牵头",
    co: "参与",
    responsible: "责任",
    persons: "分管领导",
    support: "配合",
    via: "经",
    recorded_for: "按{}整体记录",
    target: "量化目标",
    duties: "参与单位职责",
    progress: "进展",
    no_progress: "尚无进展记录",
    evidence: "佐证",
    measure: "措施",
    leaves: "项",
    none: "无",
    extended_to: "延期至",
    date: "日期",
    commit: "提交",
    author: "作者",
    unit: "单位",
    change: "变更",
    flag: "需审查",
    total: "合计",
    overdue: "逾期",
    stale: "长期未更新",
    progress_bar: "完成率",
    leaves_header: "措施数",
    scope_header: "范围",
    yes: "是",
    history: "变更记录",
    indicator: "指标",
    target_value: "目标",
    period: "期间",
    actual: "实际",
    verdict: "结果",
    gap: "差距",
    missing: "未记录季度",
    met: "达标",
    not_met: "未达标",
    no_data: "无数据",
    all_units: "全市",
    entry_date: "进展日期",
    due_date: "截止日期",
    extended_header: "延期至",
    note: "备注",
    evidence_header: "佐证",
    days_overdue: "逾期天数",
    sheet_ledger: "台账",
    sheet_by_unit: "单位汇总",
};

const EN: Labels = Labels {
    id: "ID",
    group: "Group",
    text: "Measure",
    units: "Units",
    scope: "scope",
    due: "Due",
    status: "Status",
    role: "Role",
    lead: "lead",
    co: "co",
    responsible: "responsible",
    persons: "Leaders",
    support: "support",
    via: "via",
    recorded_for: "recorded for {} as a whole",
    target: "Target",
    duties: "Duties",
    progress: "Progress",
    no_progress: "no progress recorded",
    evidence: "evidence",
    measure: "Measure",
    leaves: "leaves",
    none: "none",
    extended_to: "extended to",
    date: "Date",
    commit: "Commit",
    author: "Author",
    unit: "Unit",
    change: "Change",
    flag: "Review",
    total: "Total",
    overdue: "Overdue",
    stale: "Stale",
    progress_bar: "Completion",
    leaves_header: "Leaves",
    scope_header: "Scope",
    yes: "yes",
    history: "History",
    indicator: "Indicator",
    target_value: "Target",
    period: "Period",
    actual: "Actual",
    verdict: "Result",
    gap: "Gap",
    missing: "Quarters missing",
    met: "met",
    not_met: "not met",
    no_data: "no data",
    all_units: "all",
    entry_date: "Entry date",
    due_date: "Due date",
    extended_header: "Extended to",
    note: "Note",
    evidence_header: "Evidence",
    days_overdue: "Days overdue",
    sheet_ledger: "Ledger",
    sheet_by_unit: "By unit",
};
