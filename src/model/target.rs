//! What an indicator's values are judged by: the comparator of its target
//! and the reporting period (`2021`, `2021-H1`, `2021-Q3`, `2021-07`) a value
//! is recorded for.

/// How an actual value is judged against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    AtMost,
    Exactly,
}

impl Comparator {
    pub fn parse(text: &str) -> Option<Comparator> {
        match text {
            ">=" => Some(Comparator::AtLeast),
            "<=" => Some(Comparator::AtMost),
            "=" => Some(Comparator::Exactly),
            _ => None,
        }
    }

    /// ASCII, because `≥` is of ambiguous width and misaligns tables in
    /// Chinese terminals.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::AtMost => "<=",
            Comparator::Exactly => "=",
        }
    }

    /// Whether `actual` meets `target`.
    pub fn holds(self, actual: f64, target: f64) -> bool {
        match self {
            Comparator::AtLeast => actual >= target,
            Comparator::AtMost => actual <= target,
            Comparator::Exactly => (actual - target).abs() < 1e-9,
        }
    }
}

/// A reporting period: `2021`, `2021-H1`, `2021-Q3`, `2021-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Month(i32, u32),
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let number = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| (1..=max).contains(n) && !s.starts_with('+'));
        match rest {
            None => Some(Period::Year(year)),
            Some(r) if r.len() == 2 && r.starts_with('H') => number(&r[1..], 2).map(|h| Period::Half(year, h)),
            Some(r) if r.len() == 2 && r.starts_with('Q') => number(&r[1..], 4).map(|q| Period::Quarter(year, q)),
            Some(r) if r.len() == 2 => number(r, 12).map(|m| Period::Month(year, m)),
            _ => None,
        }
    }

    /// A period given on the command line, a month in any of the forms
    /// of `due::parse_month`; or an error saying how to write one.
    pub fn parse_arg(text: &str) -> anyhow::Result<Period> {
        let month = || crate::model::due::parse_month(text).map(|(year, month)| Period::Month(year, month));
        Period::parse(text.trim()).or_else(month).ok_or_else(|| {
            anyhow::anyhow!(crate::tr!(
                "期间 `{text}` 格式不对\nhint: 写作 2021、2021-H1、2021-Q3,或月份 {}",
                "the period `{text}` is malformed\nhint: write 2021, 2021-H1, 2021-Q3, or a month, {}",
                crate::model::due::month_forms()
            ))
        })
    }

    pub fn key(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Half(y, h) => format!("{y}-H{h}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// The first day of the period.
    pub fn start(self) -> chrono::NaiveDate {
        let (year, month) = match self {
            Period::Year(y) => (y, 1),
            Period::Half(y, h) => (y, 6 * h - 5),
            Period::Quarter(y, q) => (y, 3 * q - 2),
            Period::Month(y, m) => (y, m),
        };
        chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(chrono::NaiveDate::MAX)
    }

    /// The last day of the period, for ordering periods of different lengths.
    pub fn end(self) -> chrono::NaiveDate {
        let month_end = |y: i32, m: u32| crate::model::due::Due::Month { year: y, month: m }.last_day();
        let day = match self {
            Period::Year(y) => month_end(y, 12),
            Period::Half(y, h) => month_end(y, 6 * h),
            Period::Quarter(y, q) => month_end(y, 3 * q),
            Period::Month(y, m) => month_end(y, m),
        };
        day.unwrap_or(chrono::NaiveDate::MAX)
    }

    /// The quarter a period falls in, when it is no longer than one.
    pub fn quarter(self) -> Option<(i32, u32)> {
        match self {
            Period::Quarter(y, q) => Some((y, q)),
            Period::Month(y, m) => Some((y, (m - 1) / 3 + 1)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_round_trip() {
        for key in ["2021", "2021-H1", "2021-H2", "2021-Q3", "2021-07"] {
            assert_eq!(Period::parse(key).unwrap().key(), key);
        }
        for bad in ["21", "2021-H3", "2021-Q5", "2021-13", "2021-7", "2021-Q0", "2021-h1", "", "2021-Q01", "2021-H01"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2021-08").unwrap().quarter(), Some((2021, 3)));
    }

    #[test]
    fn a_month_on_the_command_line_takes_every_form() {
        for text in ["2021-07", "2021-7", "2021/7", "2021/07", "2021年7月", " 2021-7 "] {
            assert_eq!(Period::parse_arg(text).unwrap(), Period::Month(2021, 7), "{text}");
        }
        assert_eq!(Period::parse_arg("2021-Q3").unwrap(), Period::Quarter(2021, 3));
        for bad in ["21/7", "2021/13", "2021-7-1", "2021年"] {
            assert!(Period::parse_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn comparators_judge() {
        assert!(Comparator::AtLeast.holds(92.5, 90.0));
        assert!(!Comparator::AtLeast.holds(89.0, 90.0));
        assert!(Comparator::AtMost.holds(0.0, 0.0));
        assert!(Comparator::Exactly.holds(100.0, 100.0));
        assert!(!Comparator::Exactly.holds(99.0, 100.0));
    }
}
