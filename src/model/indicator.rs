//! Quantified targets (量化目标) as indicators: `出庭应诉率不低于90%` is
//! 出庭应诉率 ≥ 90 %. Pure: text in, indicators out.
//!
//! The reading rules, so that nothing is invented:
//! - a figure counts only with a unit: `%`, `个`, `家`, `次`, `人次`;
//!   `12348` (a hotline) or `2020年` are not indicators, nor are figures
//!   written in Chinese numerals (`一个`);
//! - 不低于, 不少于, 至少, 以上 mean ≥; 不高于, 不超过, 以下, 以内 mean ≤;
//! - a figure stated plainly (`普及率80%`, `新增…50个`, `达到90%`) is a floor
//!   (≥), except 100 %, which is exact (=);
//! - `不发生…` is the count of those events = 0;
//! - rates joined by 及, 和 or 、 (`参考率及合格率达90%以上`) are one
//!   indicator each;
//! - 每季度, 每年, 全年, 每月 give the period.
//!
//! The name is the phrase without its figure and qualifiers.

use crate::model::{GroupFile, Indicator, Located, Measure};
use serde::Serialize;

/// A measurable target read from the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    pub name: String,
    /// `>=`, `<=` or `=`.
    pub comparator: &'static str,
    pub value: f64,
    pub unit: Option<&'static str>,
    /// `quarter`, `year` or `month`, when the text states one.
    pub period: Option<&'static str>,
    /// The phrase it was read from, verbatim.
    pub phrase: String,
}

/// Units of measure, longest first so that 人次 wins over 次.
const UNITS: [&str; 5] = ["人次", "%", "个", "家", "次"];
const AT_LEAST_BEFORE: [&str; 3] = ["不低于", "不少于", "至少"];
const AT_MOST_BEFORE: [&str; 2] = ["不高于", "不超过"];
const PLAIN_BEFORE: [&str; 2] = ["达到", "达"];
const AT_LEAST_AFTER: [&str; 1] = ["以上"];
const AT_MOST_AFTER: [&str; 2] = ["以下", "以内"];
/// Words that open a phrase but are not part of what is measured.
const LEADING: [&str; 5] = ["确保实现", "确保", "实现", "力争", "对"];
const PERIODS: [(&str, &str); 4] = [("每季度", "quarter"), ("每年", "year"), ("全年", "year"), ("每月", "month")];

/// Every indicator in a text, in order.
pub fn parse(text: &str) -> Vec<Parsed> {
    segments(text).into_iter().flat_map(parse_segment).collect()
}

/// The indicators of a group, in document order: its title, its target,
/// then its measures. IDs are the group's number, `.i` and a count: `2.i1`.
pub fn indicators_of(group: &GroupFile) -> Vec<Indicator> {
    let mut found: Vec<(String, Parsed)> = Vec::new();
    for (source, text) in [("title", &group.title), ("target", &group.target)] {
        found.extend(parse(text).into_iter().map(|p| (source.to_string(), p)));
    }
    fn measures(list: &[Measure], found: &mut Vec<(String, Parsed)>) {
        for m in list {
            found.extend(parse(&m.text).into_iter().map(|p| (m.id.value.clone(), p)));
            measures(&m.items, found);
        }
    }
    measures(&group.measures, &mut found);
    found
        .into_iter()
        .enumerate()
        .map(|(i, (source, p))| Indicator {
            id: Located::new(format!("{}.i{}", group.group.value, i + 1)),
            name: p.name,
            comparator: Located::new(p.comparator.to_string()),
            value: Located::new(p.value),
            unit: p.unit.map(|u| Located::new(u.to_string())),
            period: p.period.map(|s| Located::new(s.to_string())),
            phrase: p.phrase,
            source,
            actuals: Vec::new(),
        })
        .collect()
}

/// The units of measure an indicator may have.
pub fn is_unit(text: &str) -> bool {
    UNITS.contains(&text)
}

/// Splits at the punctuation that ends a clause.
fn segments(text: &str) -> Vec<&str> {
    text.split([',', '。', ';', ':', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn parse_segment(segment: &str) -> Vec<Parsed> {
    if let Some(rest) = segment.strip_prefix("不发生") {
        return vec![Parsed {
            name: rest.to_string(),
            comparator: "=",
            value: 0.0,
            unit: None,
            period: None,
            phrase: segment.to_string(),
        }];
    }
    let Some(figure) = find_figure(segment) else { return Vec::new() };
    let mut comparator = None;
    let mut before = &segment[..figure.start];
    for (words, op) in [(&AT_LEAST_BEFORE[..], ">="), (&AT_MOST_BEFORE[..], "<="), (&PLAIN_BEFORE[..], "")] {
        if let Some(word) = words.iter().find(|w| before.ends_with(*w)) {
            before = &before[..before.len() - word.len()];
            comparator = (!op.is_empty()).then_some(op);
            break;
        }
    }
    let mut after = &segment[figure.end..];
    for (words, op) in [(&AT_LEAST_AFTER[..], ">="), (&AT_MOST_AFTER[..], "<=")] {
        if let Some(word) = words.iter().find(|w| after.starts_with(*w)) {
            after = &after[word.len()..];
            comparator = Some(op);
        }
    }
    let comparator = comparator.unwrap_or(if figure.unit == "%" && figure.value == 100.0 { "=" } else { ">=" });
    let mut period = None;
    for (word, name) in PERIODS {
        if let Some(rest) = before.strip_prefix(word) {
            before = rest;
            period = Some(name);
        }
    }
    for word in LEADING {
        before = before.strip_prefix(word).unwrap_or(before);
    }
    let name = format!("{before}{after}");
    split_rates(&name)
        .into_iter()
        .map(|name| Parsed {
            name,
            comparator,
            value: figure.value,
            unit: Some(figure.unit),
            period,
            phrase: segment.to_string(),
        })
        .collect()
}

/// A figure with its unit: byte range and value.
struct Figure {
    start: usize,
    end: usize,
    value: f64,
    unit: &'static str,
}

/// The first number followed by a unit of measure.
fn find_figure(segment: &str) -> Option<Figure> {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let rest = &segment[i..];
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u))
            && let Ok(value) = segment[start..i].parse::<f64>()
        {
            return Some(Figure { start, end: i + unit.len(), value, unit });
        }
    }
    None
}

/// `A参考率及合格率` → `A参考率`, `A合格率`; `甲覆盖率、乙覆盖率` → both. Only
/// when every part is a rate; a short part borrows the first part's prefix.
fn split_rates(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split(['及', '和', '、']).collect();
    if parts.len() < 2 || !parts.iter().all(|p| p.ends_with('率')) {
        return vec![name.to_string()];
    }
    let first = parts[0];
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let short = part.chars().count() <= 3 && i > 0;
            if short && first.chars().count() > part.chars().count() {
                let keep = first.chars().count() - part.chars().count();
                format!("{}{part}", first.chars().take(keep).collect::<String>())
            } else {
                part.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, &'static str, f64, Option<&'static str>, Option<&'static str>) {
        let all = parse(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        let p = &all[0];
        (p.name.clone(), p.comparator, p.value, p.unit, p.period)
    }

    #[test]
    fn rates() {
        assert_eq!(
            one("行政机关负责人出庭应诉率不低于90%。"),
            ("行政机关负责人出庭应诉率".into(), ">=", 90.0, Some("%"), None)
        );
        assert_eq!(one("电子定位监管率90%以上"), ("电子定位监管率".into(), ">=", 90.0, Some("%"), None));
        assert_eq!(
            one("社区矫正对象矫正小组配比率100%"),
            ("社区矫正对象矫正小组配比率".into(), "=", 100.0, Some("%"), None)
        );
        assert_eq!(one("合同备案率100%。工作台账健全"), ("合同备案率".into(), "=", 100.0, Some("%"), None));
        assert_eq!(
            one("村(社区)法治文化阵地覆盖率达到98%以上"),
            ("村(社区)法治文化阵地覆盖率".into(), ">=", 98.0, Some("%"), None)
        );
        assert_eq!(one("全民法治宣传教育普及率80%"), ("全民法治宣传教育普及率".into(), ">=", 80.0, Some("%"), None));
        assert_eq!(one("确保实现鉴定人出庭作证率达到90%。"), ("鉴定人出庭作证率".into(), ">=", 90.0, Some("%"), None));
        assert_eq!(one("确保国有产权交易进场率100%"), ("国有产权交易进场率".into(), "=", 100.0, Some("%"), None));
    }

    #[test]
    fn joined_rates_are_one_indicator_each() {
        let all = parse("无纸化学法用法“网学网考”参考率及合格率达90%以上");
        let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["无纸化学法用法“网学网考”参考率", "无纸化学法用法“网学网考”合格率"]);
        assert!(all.iter().all(|p| p.comparator == ">=" && p.value == 90.0));
        let all = parse("全市中小学法治教育覆盖率、法律进村(社区)覆盖率、法律进国企覆盖率达100%");
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].name, "法律进村(社区)覆盖率");
        let all = parse("法律顾问、公职律师参与党政机关重大决策和规范性文件合法性审查率100%");
        assert_eq!(all.len(), 1, "not every part is a rate");
    }

    #[test]
    fn counts_and_periods() {
        assert_eq!(
            one("新增培育命名50个市级民主法治示范村(社区)"),
            ("新增培育命名市级民主法治示范村(社区)".into(), ">=", 50.0, Some("个"), None)
        );
        assert_eq!(
            one("每季度开展1次法治宣传教育和法律服务活动"),
            ("开展法治宣传教育和法律服务活动".into(), ">=", 1.0, Some("次"), Some("quarter"))
        );
        assert_eq!(one("培训人员400人次以上"), ("培训人员".into(), ">=", 400.0, Some("人次"), None));
        assert_eq!(one("组织2次以上知识产权保护培训"), ("组织知识产权保护培训".into(), ">=", 2.0, Some("次"), None));
        assert_eq!(
            one("对至少1家重点出口企业开展海外护航资金扶持"),
            ("重点出口企业开展海外护航资金扶持".into(), ">=", 1.0, Some("家"), None)
        );
        assert_eq!(
            one("全年全市至少组织2次以上专项检查"),
            ("全市至少组织专项检查".into(), ">=", 2.0, Some("次"), Some("year"))
        );
    }

    #[test]
    fn zero_events() {
        let all = parse("不发生脱管、漏管,不发生因监管不力而引发的恶性事件");
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[0].name.as_str(), all[0].comparator, all[0].value, all[0].unit),
            ("脱管、漏管", "=", 0.0, None)
        );
    }

    #[test]
    fn nothing_is_invented() {
        assert!(
            parse("到2020年底,市县乡村四级公共法律服务实体平台基本建成,12348公共法律服务热线运行规范。").is_empty()
        );
        assert!(parse("每个县至少建成一个法治宣传教育基地").is_empty());
        assert!(parse("按照《办法》(宜府办发〔2020〕5号)执行。").is_empty());
    }
}
