//! Deadlines (完成时限): parsing the document's wording and the YAML form.
//!
//! A deadline keeps its precision: `2020年12月` is due by the last day of
//! that month, `2021年6月30日` by that day, and `长期坚持` is `ongoing`,
//! never overdue.

use chrono::NaiveDate;

/// A deadline at the precision the document gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Due by the end of this month.
    Month { year: i32, month: u32 },
    /// Due by this day.
    Day(NaiveDate),
    /// 长期 / 长期坚持: a standing duty.
    Ongoing,
}

impl Due {
    /// Parses the document's wording: `2021年12月`, `2021年12月前`,
    /// `2021年6月30日`, `长期`, `长期坚持`.
    pub fn from_wording(text: &str) -> Option<Due> {
        let text = text.trim();
        if text == "长期" || text == "长期坚持" {
            return Some(Due::Ongoing);
        }
        let text = text.strip_suffix('前').unwrap_or(text);
        let (year, rest) = text.split_once('年')?;
        let year = parse_number(year)?;
        let (month, rest) = rest.split_once('月')?;
        let month = parse_number(month)?;
        if rest.is_empty() {
            return Due::month(year, month);
        }
        let day = parse_number(rest.strip_suffix('日')?)?;
        NaiveDate::from_ymd_opt(year, month, day).map(Due::Day)
    }

    /// Parses the YAML form: `2021-12`, `2021-12-31` or `ongoing`.
    pub fn from_key(text: &str) -> Option<Due> {
        if text == "ongoing" {
            return Some(Due::Ongoing);
        }
        let parts: Vec<&str> = text.split('-').collect();
        let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        match parts.as_slice() {
            [y, m] if y.len() == 4 && two_digits(m) => Due::month(parse_number(y)?, parse_number(m)?),
            [y, m, d] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && two_digits(m) && two_digits(d) => {
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Due::Day)
            }
            _ => None,
        }
    }

    fn month(year: i32, month: u32) -> Option<Due> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Due::Month { year, month })
    }

    /// The YAML and JSON form: `2021-12`, `2021-12-31` or `ongoing`.
    pub fn key(&self) -> String {
        match self {
            Due::Month { year, month } => format!("{year:04}-{month:02}"),
            Due::Day(day) => day.format("%Y-%m-%d").to_string(),
            Due::Ongoing => "ongoing".to_string(),
        }
    }

    /// The last day on which the work is still on time; `None` for ongoing.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match *self {
            Due::Month { year, month } => {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                next.and_then(|d| d.pred_opt())
            }
            Due::Day(day) => Some(day),
            Due::Ongoing => None,
        }
    }

    /// Whether work still not done on `today` is late.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.last_day().is_some_and(|last| today > last)
    }
}

/// Reads a calendar date given on the command line: `2021-01-01`,
/// `2021-1-1`, `2021/01/01` or `2021年1月1日`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    None
}

/// A date range bound given on the command line: a day, or a month that
/// stands for its first (`start`) or last day.
pub fn parse_bound(text: &str, start: bool) -> Option<NaiveDate> {
    if let Some(day) = parse_date(text) {
        return Some(day);
    }
    let due = Due::from_key(text.trim()).or_else(|| Due::from_wording(text))?;
    match due {
        Due::Month { year, month } if start => NaiveDate::from_ymd_opt(year, month, 1),
        Due::Ongoing => None,
        other => other.last_day(),
    }
}

fn parse_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn wording_forms() {
        assert_eq!(Due::from_wording("2021年12月"), Some(Due::Month { year: 2021, month: 12 }));
        assert_eq!(Due::from_wording("2021年12月前"), Some(Due::Month { year: 2021, month: 12 }));
        assert_eq!(Due::from_wording("2021年6月30日"), Some(Due::Day(day(2021, 6, 30))));
        assert_eq!(Due::from_wording("长期"), Some(Due::Ongoing));
        assert_eq!(Due::from_wording("长期坚持"), Some(Due::Ongoing));
        assert_eq!(Due::from_wording("2021年13月"), None);
        assert_eq!(Due::from_wording("2021年2月30日"), None);
        assert_eq!(Due::from_wording("市司法局"), None);
    }

    #[test]
    fn keys_round_trip() {
        for key in ["2021-12", "2020-09", "2021-06-30", "ongoing"] {
            assert_eq!(Due::from_key(key).unwrap().key(), key);
        }
        for bad in ["2021-13", "2021-1", "21-12", "2021-02-30", "soon", "", " 202-01-01", "+202-01-01"] {
            assert_eq!(Due::from_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn month_deadline_is_inclusive() {
        let due = Due::from_key("2020-12").unwrap();
        assert_eq!(due.last_day(), Some(day(2020, 12, 31)));
        assert!(!due.is_overdue(day(2020, 12, 31)));
        assert!(due.is_overdue(day(2021, 1, 1)));
        assert!(!Due::Ongoing.is_overdue(day(2099, 1, 1)));
        assert_eq!(Due::from_key("2021-02").unwrap().last_day(), Some(day(2021, 2, 28)));
    }

    #[test]
    fn command_line_dates() {
        assert_eq!(parse_date("2021-1-1"), Some(day(2021, 1, 1)));
        assert_eq!(parse_date("2021年1月1日"), Some(day(2021, 1, 1)));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_bound("2021-06", true), Some(day(2021, 6, 1)));
        assert_eq!(parse_bound("2021-06", false), Some(day(2021, 6, 30)));
    }
}
