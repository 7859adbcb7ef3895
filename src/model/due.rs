//! Deadlines (完成时限): parsing the document's wording and the YAML form.
//!
//! A deadline keeps its precision: `2020年12月` is due by the last day of
//! that month, `2021年6月30日` by that day, and `长期坚持` is `ongoing`,
//! never overdue.

use chrono::{Datelike, NaiveDate};

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

/// A deadline is written as its key (`2021-06`, `2021-06-30`, `ongoing`).
impl serde::Serialize for Due {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// A day in reports, `YYYY-MM-DD` as chrono writes it: made without
/// allocating, since an export writes a million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDate(pub NaiveDate);

impl serde::Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match iso_date(self.0, &mut [0; 10]) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_str(&self.0.to_string()),
        }
    }
}

/// A date as `YYYY-MM-DD`, made in `buffer` without allocating; none for a
/// year outside 0–9999, which chrono writes with a sign.
pub fn iso_date(date: NaiveDate, buffer: &mut [u8; 10]) -> Option<&str> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (month, day) = (date.month(), date.day());
    *buffer = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    std::str::from_utf8(buffer).ok()
}

/// The wordings of a standing duty.
const ONGOING: [&str; 6] = ["长期", "长期坚持", "持续推进", "长期推进", "持续开展", "常态化推进"];

impl Due {
    /// Parses the document's wording: `2021年12月`, `2021年12月前`,
    /// `2021年6月30日`, `长期`, `长期坚持`, and the forms other task lists
    /// use: `2023年6月底前`, `2023年底前`, `2023年上半年`, `2023年第三季度`,
    /// `持续推进`, each with `完成` after it or not.
    pub fn from_wording(text: &str) -> Option<Due> {
        Due::from_wording_in(text, None)
    }

    /// `from_wording`, also reading a month without its year (`9月底完成`)
    /// as one of `year`.
    pub fn from_wording_in(text: &str, year: Option<i32>) -> Option<Due> {
        let text = text.trim();
        let text = text.strip_suffix("完成").unwrap_or(text).trim_end();
        if ONGOING.contains(&text) {
            return Some(Due::Ongoing);
        }
        let text = ["以前", "之前", "前"].iter().find_map(|end| text.strip_suffix(end)).unwrap_or(text);
        let (year, rest) = match text.split_once('年') {
            Some((y, rest)) => (parse_year(y)?, rest),
            None => (year?, text),
        };
        match rest {
            "底" | "年底" | "末" | "年末" | "下半年" => return Due::month(year, 12),
            "上半年" => return Due::month(year, 6),
            _ => {}
        }
        if let Some(quarter) = rest.strip_prefix('第').unwrap_or(rest).strip_suffix("季度") {
            let n = "一二三四".find(quarter).map(|i| i as u32 / 3 + 1).or_else(|| parse_number(quarter))?;
            return (1..=4).contains(&n).then(|| Due::month(year, n * 3)).flatten();
        }
        let (month, rest) = rest.split_once('月')?;
        let month = parse_number(month)?;
        if matches!(rest, "" | "底" | "末") {
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

    /// The year it falls in; none for a standing duty.
    pub fn year(&self) -> Option<i32> {
        match self {
            Due::Month { year, .. } => Some(*year),
            Due::Day(day) => Some(chrono::Datelike::year(day)),
            Due::Ongoing => None,
        }
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

/// The ways a day may be written on the command line, for hints.
pub fn date_forms() -> String {
    crate::tr!(
        "2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日",
        "2021-03-01, 2021-3-1, 2021/3/1, 2021.3.1 or 2021年3月1日"
    )
}

/// The ways a month may be written on the command line, for hints.
pub fn month_forms() -> String {
    crate::tr!("2021-09、2021-9、2021/9、2021.9 或 2021年9月", "2021-09, 2021-9, 2021/9, 2021.9 or 2021年9月")
}

/// Reads a calendar date given on the command line: `2021-03-01`,
/// `2021-3-1`, `2021/3/1` or `2021年3月1日`. The year has four digits:
/// `21-3-1` is refused, not read as the year 21.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = half_width(text);
    let (year, month, rest) = split_year_month(text.trim())?;
    let day = match rest {
        Rest::Separated(day) => day,
        Rest::Chinese(day) => day.strip_suffix('日')?,
    };
    NaiveDate::from_ymd_opt(year, month, parse_small(day)?)
}

/// Reads a month given on the command line: `2021-09`, `2021-9`, `2021/9`
/// or `2021年9月`, as (year, month).
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let text = half_width(text);
    let (year, month, rest) = split_year_month(text.trim())?;
    let done = match rest {
        Rest::Separated(rest) | Rest::Chinese(rest) => rest.is_empty(),
    };
    done.then_some((year, month))
}

/// A new deadline given on the command line: a day, or a month (due by its
/// last day), in any of the forms of `parse_date` and `parse_month`.
pub fn parse_deadline(text: &str) -> Option<Due> {
    if let Some(day) = parse_date(text) {
        return Some(Due::Day(day));
    }
    let (year, month) = parse_month(text)?;
    Due::month(year, month)
}

/// What follows the month: after `-` or `/`, the day (or nothing); after
/// `月`, the day with its `日` (or nothing).
enum Rest<'a> {
    Separated(&'a str),
    Chinese(&'a str),
}

/// Full-width digits and separators (`２０２１／３／１`, as a Chinese input
/// method types them) as their ASCII forms; full-width spaces as spaces.
fn half_width(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{ff01}'..='\u{ff5e}' | '\u{3000}');
    if !text.chars().any(wide) {
        return std::borrow::Cow::Borrowed(text);
    }
    let narrow = |c: char| match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    };
    std::borrow::Cow::Owned(text.chars().map(narrow).collect())
}

/// Splits `YYYY-M…`, `YYYY/M…`, `YYYY.M…` or `YYYY年M月…` into year, month
/// and the rest.
fn split_year_month(text: &str) -> Option<(i32, u32, Rest<'_>)> {
    if let Some((year, rest)) = text.split_once('年') {
        let (month, rest) = rest.split_once('月')?;
        return Some((parse_year(year)?, parse_month_number(month)?, Rest::Chinese(rest)));
    }
    let separator = ['/', '.'].into_iter().find(|s| text.contains(*s)).unwrap_or('-');
    let mut parts = text.splitn(3, separator);
    let year = parse_year(parts.next()?)?;
    let month = parse_month_number(parts.next()?)?;
    match parts.next() {
        // `2021-3-` is not a day.
        Some("") => None,
        Some(day) => Some((year, month, Rest::Separated(day))),
        None => Some((year, month, Rest::Separated(""))),
    }
}

/// A year of exactly four digits.
fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 {
        return None;
    }
    parse_number(text)
}

/// A month number: one or two digits, 1 to 12.
fn parse_month_number(text: &str) -> Option<u32> {
    parse_small(text).filter(|m| (1..=12).contains(m))
}

/// A month or day number: one or two digits.
fn parse_small(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 2 {
        return None;
    }
    parse_number(text)
}

/// A day given as `what` (a flag such as `--date`, or a variable such as
/// `TAIZHANG_TODAY`), or an error naming it and the forms a day may take.
pub fn date_arg(what: &str, text: &str) -> anyhow::Result<NaiveDate> {
    parse_date(text).ok_or_else(|| {
        anyhow::anyhow!(crate::tr!(
            "{what} `{text}` 不是有效日期\nhint: 年份写四位数: {}",
            "{what} `{text}` is not a date\nhint: write the year with four digits: {}",
            date_forms()
        ))
    })
}

/// A date range bound given as `what` (a flag such as `--since`): a day,
/// or a month that stands for its first (`start`) or last day; or an error
/// naming both forms.
pub fn bound_arg(what: &str, text: &str, start: bool) -> anyhow::Result<NaiveDate> {
    parse_bound(text, start).ok_or_else(|| {
        anyhow::anyhow!(crate::tr!(
            "{what} `{text}` 不是有效日期\nhint: 年份写四位数: 日期 {},或月份 {}",
            "{what} `{text}` is not a date\nhint: write the year with four digits: a day, {}, or a month, {}",
            date_forms(),
            month_forms()
        ))
    })
}

/// A date range bound given on the command line: a day, or a month that
/// stands for its first (`start`) or last day.
pub fn parse_bound(text: &str, start: bool) -> Option<NaiveDate> {
    if let Some(day) = parse_date(text) {
        return Some(day);
    }
    let (year, month) = parse_month(text)?;
    let due = Due::month(year, month)?;
    if start { NaiveDate::from_ymd_opt(year, month, 1) } else { due.last_day() }
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

    #[test]
    fn report_dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2021, 7, 1), (1, 1, 1), (0, 12, 31), (9999, 12, 31), (10000, 1, 1), (-1, 3, 4)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(serde_json::to_string(&IsoDate(date)).unwrap(), format!("\"{date}\""));
            assert_eq!(serde_json::to_string(&IsoDate(date)).unwrap(), serde_json::to_string(&date).unwrap());
        }
    }

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
    fn other_task_lists_wording_forms() {
        let month = |year, month| Some(Due::Month { year, month });
        assert_eq!(Due::from_wording("2023年6月底前"), month(2023, 6));
        assert_eq!(Due::from_wording("2023年底前"), month(2023, 12));
        assert_eq!(Due::from_wording("2023年年底前完成"), month(2023, 12));
        assert_eq!(Due::from_wording("2023年上半年"), month(2023, 6));
        assert_eq!(Due::from_wording("2023年第三季度"), month(2023, 9));
        assert_eq!(Due::from_wording("2023年4季度"), month(2023, 12));
        assert_eq!(Due::from_wording("2023年10月底前完成"), month(2023, 10));
        assert_eq!(Due::from_wording("2023年6月30日前"), Some(Due::Day(day(2023, 6, 30))));
        assert_eq!(Due::from_wording("持续推进"), Some(Due::Ongoing));
        assert_eq!(Due::from_wording("9月底完成"), None);
        assert_eq!(Due::from_wording_in("9月底完成", Some(2023)), month(2023, 9));
        assert_eq!(Due::from_wording("2023年第五季度"), None);
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
        for text in ["2021-03-01", "2021-3-1", "2021/3/1", "2021/03/01", "2021年3月1日", " 2021-3-1 "] {
            assert_eq!(parse_date(text), Some(day(2021, 3, 1)), "{text}");
        }
        assert_eq!(parse_date("2021年1月1日"), Some(day(2021, 1, 1)));
        for text in
            ["2021.3.1", "2021.03.01", "２０２１－３－１", "２０２１年３月１日", "２０２１／３／１", "　2021.3.1"]
        {
            assert_eq!(parse_date(text), Some(day(2021, 3, 1)), "{text}");
        }
        assert_eq!(parse_date("2021.3/1"), None);
        assert_eq!(parse_month("２０２１.９"), Some((2021, 9)));
        assert_eq!(parse_bound("2021-06", true), Some(day(2021, 6, 1)));
        assert_eq!(parse_bound("2021-06", false), Some(day(2021, 6, 30)));
        assert_eq!(parse_bound("2021年6月", false), Some(day(2021, 6, 30)));
        assert_eq!(parse_bound("2021/6", true), Some(day(2021, 6, 1)));
    }

    #[test]
    fn years_have_four_digits() {
        let bad = [
            "21-3-1",
            "21-07-01",
            "021-3-1",
            "20210-3-1",
            "+2021-3-1",
            "21/3/1",
            "21年3月1日",
            "2021-003-01",
            "2021-3-001",
            "2021-3-",
            "2021-02-30",
            "2021-13-01",
            "2021-3/1",
            "2021年3月1",
            "yesterday",
            "",
        ];
        for text in bad {
            assert_eq!(parse_date(text), None, "{text}");
        }
        for text in ["21-09", "21/9", "21年9月", "2021-13", "2021-0", "2021", "2021-9-"] {
            assert_eq!(parse_month(text), None, "{text}");
            assert_eq!(parse_deadline(text), None, "{text}");
        }
        assert_eq!(Due::from_wording("21年3月"), None);
    }

    #[test]
    fn months_in_every_form() {
        for text in ["2021-09", "2021-9", "2021/9", "2021/09", "2021年9月"] {
            assert_eq!(parse_month(text), Some((2021, 9)), "{text}");
            assert_eq!(parse_deadline(text), Some(Due::Month { year: 2021, month: 9 }), "{text}");
        }
        assert_eq!(parse_deadline("2021/9/30"), Some(Due::Day(day(2021, 9, 30))));
        assert_eq!(parse_month("2021-9-30"), None, "a day is not a month");
    }
}
