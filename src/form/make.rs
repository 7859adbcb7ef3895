//! Writing a unit's form: the instructions, the form sheet (notice columns
//! locked, fill-in columns unlocked and highlighted, a status drop-down and
//! a date check), and the hidden sheet of the state it was made from.

use super::{COLUMNS, Column, MARK, Made, STATE_SHEET, VERSION, form_sheet, guide_sheet};
use crate::i18n::Lang;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

/// The fill of the cells the unit fills in.
const FILL_IN: u32 = 0xFFF2CC;
/// The fill of the notice's header cells.
const NOTICE: u32 = 0xD9D9D9;
/// How dates show in the form: ISO, the same in every locale.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// What the instructions need besides the form itself.
pub struct Guide<'a> {
    /// The checklist's title.
    pub title: &'a str,
    /// Whether a done entry must name its evidence.
    pub require_evidence: bool,
}

/// The form as xlsx bytes. The same ledger, unit and date give the same bytes.
pub fn workbook(made: &Made, guide: &Guide) -> Result<Vec<u8>> {
    let today = NaiveDate::parse_from_str(&made.date, "%Y-%m-%d")?;
    // An ordinary workbook: data validation and protection need worksheets
    // kept in memory, not the constant-memory ones the export streams.
    let mut workbook = Workbook::new();
    let properties = DocProperties::new().set_title(guide.title).set_creation_datetime(&excel_date(today)?);
    workbook.set_properties(&properties);
    instructions(workbook.add_worksheet(), made, guide)?;
    form(workbook.add_worksheet(), made)?;
    state(workbook.add_worksheet(), made)?;
    Ok(workbook.save_to_buffer()?)
}

/// A day as a spreadsheet date.
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The statuses a unit chooses from, as the drop-down and the instructions
/// list them.
fn status_choices(lang: Lang) -> Vec<&'static str> {
    crate::model::status::Status::ALL.iter().map(|s| lang.status(*s)).collect()
}

/// The instructions sheet, in the form's language.
fn instructions(sheet: &mut Worksheet, made: &Made, guide: &Guide) -> Result<(), XlsxError> {
    sheet.set_name(guide_sheet(made.lang))?;
    let zh = made.lang == Lang::Zh;
    let statuses = status_choices(made.lang).join("/");
    let evidence = match (zh, guide.require_evidence) {
        (true, true) => "标为“已完成”的事项须填写完成日期和佐证材料。",
        (true, false) => "标为“已完成”的事项须填写完成日期,并请尽量填写佐证材料。",
        (false, true) => "A row marked done needs its date and its evidence.",
        (false, false) => "A row marked done needs its date; please give evidence too.",
    };
    let lines: Vec<String> = if zh {
        vec![
            format!("{} 工作进展填报表", made.unit),
            format!("任务清单: {}", guide.title),
            format!("填报单位: {}", made.unit),
            format!("制表日期: {}", made.date),
            String::new(),
            "填写说明".to_string(),
            format!("1. “{}”表每行是本单位承担的一项措施。", form_sheet(made.lang)),
            "2. 灰色表头的列(编号、具体措施、角色、完成时限、当前状态)是通知内容,已锁定,请勿修改。".to_string(),
            format!(
                "3. 请在黄色的列中填写: 状态(从下拉列表选择 {statuses})、完成日期(如 2021-03-01)、进展情况、佐证材料(文号或链接,一行一项)。"
            ),
            format!("4. {evidence}"),
            "5. 需要延期的,在“申请延期至”填写新的完成时限(月份如 2021-09,或日期),并在“延期理由”说明原因。".to_string(),
            "6. 留空的单元格表示没有变化。请勿增删行或改动工作表名称。".to_string(),
            "7. 填好后保存为 .xlsx(WPS、LibreOffice 也可),发回牵头单位。".to_string(),
        ]
    } else {
        vec![
            format!("Progress report of {}", made.unit),
            format!("Checklist: {}", guide.title),
            format!("Unit: {}", made.unit),
            format!("Made on: {}", made.date),
            String::new(),
            "How to fill it in".to_string(),
            format!("1. Each row of the sheet \"{}\" is a measure your unit owes.", form_sheet(made.lang)),
            "2. The columns with grey headers (ID, Measure, Role, Deadline, Current status) are the notice's and are locked: do not change them.".to_string(),
            format!("3. Fill in the yellow columns: Status (pick {statuses} from the list), Date (such as 2021-03-01), Progress, Evidence (a document number or a link, one to a line)."),
            format!("4. {evidence}"),
            "5. To ask for more time, write the new deadline under \"Extend to\" (a month such as 2021-09, or a day) and say why under \"Reason for extension\".".to_string(),
            "6. An empty cell means no change. Do not add or remove rows or rename the sheets.".to_string(),
            "7. Save it as .xlsx (WPS and LibreOffice will do) and send it back to the lead office.".to_string(),
        ]
    };
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.set_column_width(0, 100)?;
    for (row, line) in (0..).zip(&lines) {
        let format = match row {
            0 => &title,
            5 => &bold,
            _ => &wrap,
        };
        sheet.write_string_with_format(row, 0, line, format)?;
    }
    sheet.protect();
    Ok(())
}

/// The form sheet.
fn form(sheet: &mut Worksheet, made: &Made) -> Result<(), XlsxError> {
    sheet.set_name(form_sheet(made.lang))?;
    let top = Format::new().set_align(FormatAlign::Top).set_text_wrap().set_border(FormatBorder::Thin);
    let notice_header = top.clone().set_bold().set_background_color(Color::RGB(NOTICE));
    let fill_header = top.clone().set_bold().set_background_color(Color::RGB(FILL_IN));
    let locked = top.clone();
    let fill = top.clone().set_background_color(Color::RGB(FILL_IN)).set_unlocked();
    let fill_date = fill.clone().set_num_format(DATE_FORMAT);
    for (col, column) in (0..).zip(COLUMNS) {
        let header = if column.is_fill_in() { &fill_header } else { &notice_header };
        sheet.write_string_with_format(0, col, column.header(made.lang), header)?;
        sheet.set_column_width(col, width(column))?;
    }
    for (row, made_row) in (1..).zip(&made.rows) {
        for (col, text) in (0..).zip(&made_row.shown) {
            sheet.write_string_with_format(row, col, text, &locked)?;
        }
        let status = made_row.status.map(|s| made.lang.status(s)).unwrap_or_default();
        let evidence = made_row.evidence.join("\n");
        let prefilled = [
            (Column::Status, status),
            (Column::Note, made_row.note.as_deref().unwrap_or_default()),
            (Column::Evidence, evidence.as_str()),
        ];
        for column in COLUMNS.into_iter().filter(|c| c.is_fill_in()) {
            let col = column.index() as u16;
            let format = if column == Column::Date { &fill_date } else { &fill };
            match prefilled.iter().find(|(c, text)| *c == column && !text.is_empty()) {
                Some((_, text)) => sheet.write_string_with_format(row, col, *text, format)?,
                None => sheet.write_blank(row, col, format)?,
            };
        }
    }
    let last = made.rows.len() as u32;
    if last > 0 {
        let statuses = status_choices(made.lang);
        let zh = made.lang == Lang::Zh;
        let list = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_error_title(if zh { "状态" } else { "Status" })?
            .set_error_message(if zh {
                "请从下拉列表中选择状态。"
            } else {
                "Pick a status from the list."
            })?;
        let col = Column::Status.index() as u16;
        sheet.add_data_validation(1, col, last, col, &list)?;
        let dates = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThanOrEqualTo(ExcelDateTime::from_ymd(2000, 1, 1)?))
            .set_error_title(if zh { "完成日期" } else { "Date" })?
            .set_error_message(if zh {
                "请填写日期,如 2021-03-01。"
            } else {
                "Enter a date, such as 2021-03-01."
            })?;
        let col = Column::Date.index() as u16;
        sheet.add_data_validation(1, col, last, col, &dates)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.protect();
    sheet.set_active(true);
    Ok(())
}

/// The width of a form column, in column units.
fn width(column: Column) -> f64 {
    match column {
        Column::Id => 9.0,
        Column::Text => 50.0,
        Column::Role | Column::Due | Column::Status | Column::Date | Column::ExtendTo => 14.0,
        Column::Current => 18.0,
        Column::Note | Column::Reason => 36.0,
        Column::Evidence => 28.0,
    }
}

/// The hidden sheet: the checklist, the unit, the day, and for each row
/// the notice's cells and the unit's entry and deadline as they were.
fn state(sheet: &mut Worksheet, made: &Made) -> Result<(), XlsxError> {
    sheet.set_name(STATE_SHEET)?;
    let lang = if made.lang == Lang::Zh { "zh" } else { "en" };
    let head = [
        [MARK, VERSION],
        ["checklist", made.checklist.as_str()],
        ["unit", made.unit.as_str()],
        ["date", made.date.as_str()],
        ["lang", lang],
    ];
    for (row, pair) in (0..).zip(head) {
        sheet.write_string(row, 0, pair[0])?;
        sheet.write_string(row, 1, pair[1])?;
    }
    for (col, name) in (0..).zip(STATE_COLUMNS) {
        sheet.write_string(STATE_HEADER_ROW, col, name)?;
    }
    for (row, r) in (STATE_HEADER_ROW + 1..).zip(&made.rows) {
        let status = r.status.map(|s| s.key()).unwrap_or_default();
        let evidence = r.evidence.join("\n");
        let cells = [
            r.id.as_str(),
            &r.shown[1],
            &r.shown[2],
            &r.shown[3],
            &r.shown[4],
            status,
            r.date.as_deref().unwrap_or_default(),
            r.note.as_deref().unwrap_or_default(),
            &evidence,
            r.due.as_deref().unwrap_or_default(),
        ];
        for (col, text) in (0..).zip(cells) {
            if !text.is_empty() {
                sheet.write_string(row, col, text)?;
            }
        }
    }
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}

/// The row of the hidden sheet that names its columns.
pub const STATE_HEADER_ROW: u32 = 6;

/// The columns of the hidden sheet's rows.
pub const STATE_COLUMNS: [&str; 10] =
    ["id", "text", "role", "due_shown", "current", "status", "date", "note", "evidence", "due"];
