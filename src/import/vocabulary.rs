//! The words task lists label their parts with: `牵头单位:`, `责任单位:`,
//! `完成时限:`, a table's `重点任务` column. One table for every layout, so a
//! label read in a bracket, on a line of its own or in a table header means
//! the same thing.

/// What a label or a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 序号: the task's number.
    Number,
    /// 分类, 一级指标: a category, which becomes a group.
    Category,
    /// 重点任务, 工作任务, 事项: the task itself.
    Task,
    /// 牵头单位: the lead units.
    Lead,
    /// 责任单位: the responsible units.
    Responsible,
    /// 配合单位, 协同责任单位: the supporting units.
    Support,
    /// 分管领导: people, not units.
    Persons,
    /// 完成时限: the deadline.
    Deadline,
    /// 备注: a remark on the task, kept with its text.
    Note,
}

/// Labels, longest first within a field so that `牵头责任单位` is not read
/// as `责任单位`.
const LABELS: &[(&str, Field)] = &[
    ("序号", Field::Number),
    ("编号", Field::Number),
    ("分类", Field::Category),
    ("类别", Field::Category),
    ("一级指标", Field::Category),
    ("重点任务", Field::Task),
    ("工作任务", Field::Task),
    ("主要任务", Field::Task),
    ("任务内容", Field::Task),
    ("工作内容", Field::Task),
    ("工作措施", Field::Task),
    ("具体措施", Field::Task),
    ("评价指标", Field::Task),
    ("二级指标", Field::Task),
    ("事项", Field::Task),
    ("任务", Field::Task),
    ("牵头责任单位", Field::Lead),
    ("牵头单位", Field::Lead),
    ("牵头部门", Field::Lead),
    ("责任单位", Field::Responsible),
    ("责任部门", Field::Responsible),
    ("责任科室", Field::Responsible),
    ("协同责任单位", Field::Support),
    ("主要协作单位", Field::Support),
    ("协作单位", Field::Support),
    ("配合单位", Field::Support),
    ("配合部门", Field::Support),
    ("分管市领导", Field::Persons),
    ("牵头负责领导", Field::Persons),
    ("牵头领导", Field::Persons),
    ("责任领导", Field::Persons),
    ("分管领导", Field::Persons),
    ("完成时限", Field::Deadline),
    ("时限要求", Field::Deadline),
    ("完成时间", Field::Deadline),
    ("时间节点", Field::Deadline),
    ("时限", Field::Deadline),
    ("备注说明", Field::Note),
    ("备注", Field::Note),
];

/// The field a label names, read whole: `牵头单位` → Lead. Spaces inside
/// (`牵 头 单 位`, as table headers are often spaced out) are ignored.
pub fn field(label: &str) -> Option<Field> {
    let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    LABELS.iter().find(|(name, _)| *name == label).map(|&(_, field)| field)
}

/// The field of a label `text` starts with, colon or not: `牵头单位市发改委`
/// is a label typed without its colon, not a unit.
pub fn label_at_start(text: &str) -> Option<Field> {
    let text = text.trim_start();
    LABELS.iter().filter(|(name, _)| text.starts_with(name)).max_by_key(|(name, _)| name.len()).map(|&(_, f)| f)
}

/// A label at the start of `text`, and the text after it and its colon:
/// `牵头单位:市政府办` → (Lead, `市政府办`). A `;` mistyped for the colon
/// is taken too. `None` when the text does not start with a label and a
/// colon.
pub fn labelled(text: &str) -> Option<(Field, &str)> {
    let text = text.trim_start();
    LABELS.iter().filter(|(name, _)| text.starts_with(name)).max_by_key(|(name, _)| name.len()).and_then(
        |&(name, field)| {
            let rest = text[name.len()..].trim_start();
            let rest = rest.strip_prefix([':', ':', ';', ';'])?;
            Some((field, rest.trim()))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_whole_and_longest_first() {
        assert_eq!(labelled("牵头责任单位:市政府办"), Some((Field::Lead, "市政府办")));
        assert_eq!(labelled("责任单位;市直各部门"), Some((Field::Responsible, "市直各部门")));
        assert_eq!(labelled("分管市领导: 张三"), Some((Field::Persons, "张三")));
        assert_eq!(labelled("责任单位市直各部门"), None);
        assert_eq!(field("牵 头 单 位"), Some(Field::Lead));
        assert_eq!(field("单位"), None);
        assert_eq!(label_at_start("牵头单位市发改委"), Some(Field::Lead));
        assert_eq!(label_at_start("市发改委"), None);
    }
}
