//! What a task list says about itself before its first task: title,
//! addressees, 文号, date line, a web page's breadcrumb and publication
//! line. None of it is ever a problem; what is recognised fills the
//! notice's metadata.

use crate::import::NoticeMeta;
use crate::model::due::Due;

/// Reads the metadata from the lines before the first task.
pub fn meta(front: &[(usize, &str)]) -> NoticeMeta {
    let mut meta = NoticeMeta::default();
    let date = front.iter().position(|(_, l)| is_date_line(l));
    // The line above the date signs the document.
    let issuer = date.and_then(|i| i.checked_sub(1)).filter(|&i| !is_number(front[i].1) && !front[i].1.ends_with(':'));
    let titles: Vec<&str> = front
        .iter()
        .enumerate()
        .filter(|(i, (_, l))| Some(*i) != issuer && is_title(l))
        .map(|(_, (_, l))| *l)
        .collect();
    meta.notice = titles.first().map(|t| t.to_string()).unwrap_or_default();
    meta.title = titles.last().map(|t| t.to_string()).unwrap_or_default();
    meta.number = front.iter().find(|(_, l)| is_number(l)).map(|(_, l)| l.to_string());
    meta.date = date.map(|i| front[i].1.to_string());
    meta.issuer = issuer.map(|i| front[i].1.to_string());
    for (_, line) in front {
        if let Some((date, source)) = publication(line) {
            meta.date.get_or_insert_with(|| date.to_string());
            if let Some(source) = source.filter(|s| !s.is_empty()) {
                meta.issuer.get_or_insert_with(|| source.to_string());
            }
        }
    }
    meta
}

/// A line that may be the title: not a breadcrumb, a publication line, a
/// 文号, a date, an addressee line (`…:`), a sentence of the body or a
/// remark in brackets.
fn is_title(line: &str) -> bool {
    !is_breadcrumb(line)
        && publication(line).is_none()
        && !is_number(line)
        && !is_date_line(line)
        && !line.ends_with([':', '。'])
        && !line.starts_with(['(', '〔', '【', '['])
        && line.chars().count() <= 60
}

/// The web page's own links under a copied article (`【打印本页】【关闭窗口】`,
/// `分享到:`, `责任编辑:`): the document has ended.
pub fn is_page_footer(line: &str) -> bool {
    const WORDS: [&str; 8] =
        ["打印本页", "关闭窗口", "【打印】", "【关闭】", "分享到", "扫一扫在手机打开", "责任编辑", "相关链接"];
    line.chars().count() <= 40 && WORDS.iter().any(|w| line.contains(w))
}

/// `首页 > 政务公开 > …`
fn is_breadcrumb(line: &str) -> bool {
    line.contains('>') || line.contains('›')
}

/// 文号: `宜府办发〔2023〕12号`.
pub fn is_number(line: &str) -> bool {
    line.chars().count() <= 25 && line.ends_with('号') && (line.contains('〔') || line.contains('['))
}

/// The imprint that closes a document: `宜昌市司法局办公室 2020年8月7日印发`.
pub fn is_imprint(line: &str) -> bool {
    line.ends_with("印发") && line.contains('年') && line.contains('日')
}

/// `2023年3月1日` on a line of its own.
pub fn is_date_line(line: &str) -> bool {
    matches!(Due::from_wording(line), Some(Due::Day(_)))
}

/// `发布时间:2023-03-02 来源:市政府办公室` → (date, source).
fn publication(line: &str) -> Option<(&str, Option<&str>)> {
    let rest = line.split_once("发布时间:").or_else(|| line.split_once("发布日期:"))?.1.trim_start();
    let date = rest.split_whitespace().next()?;
    let source = line.split_once("来源:").map(|(_, s)| s.split_whitespace().next().unwrap_or(""));
    Some((date, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_page_front() {
        let lines = [
            "首页 > 政务公开 > 政策文件",
            "关于印发《2023年优化营商环境任务清单》的通知",
            "发布时间:2023-03-02 来源:市政府办公室",
            "X府办发〔2023〕12号",
            "各县市区人民政府,市直各部门:",
            "现将任务清单印发给你们,请认真贯彻落实。",
            "2023年优化营商环境任务清单",
        ];
        let front: Vec<(usize, &str)> = lines.iter().enumerate().map(|(i, l)| (i + 1, *l)).collect();
        let m = meta(&front);
        assert_eq!(m.notice, lines[1]);
        assert_eq!(m.title, lines[6]);
        assert_eq!(m.number.as_deref(), Some("X府办发〔2023〕12号"));
        assert_eq!(m.date.as_deref(), Some("2023-03-02"));
        assert_eq!(m.issuer.as_deref(), Some("市政府办公室"));
    }
}
