//! The help in Chinese. The doc comments in `cli` stay the one source of
//! the English help; this module holds their Chinese translations, keyed by
//! command name and argument id, and dresses a `clap::Command` in them (with
//! the headings 用法, 命令, 参数, 选项) before the command line is parsed.

use clap::{Arg, ArgAction, Command};

/// The about text of each command, keyed by its name (`""` is `taizhang`
/// itself). As in a doc comment, the first paragraph is the short help;
/// the whole text, when it has more, is the long help (`--help`).
pub const COMMANDS: &[(&str, &str)] = &[
    ("", "台账: 以纯文本 YAML 保存在 git 中的政策任务清单"),
    (
        "import",
        "将通知中的任务清单导入台账\n\n\
         写入 DIR/tasks/NN.yaml,每个基本要求一个文件;DIR/taizhang.toml 和 DIR/tasks/units.toml \
         不存在时一并写入。自动识别并说明版式(本通知的版式、括号内标注、括号内\"某某牵头\"、任务下方分行标注、表格、不规则写法),\
         存疑之处连同行号逐条列出。任务清单的每一行都必须有归属;无法归属的行连同行号(Word 文件为段落序号,表格为行号)\
         一起报告,此时不写入任何文件(加 --lenient 时写入其余部分)。\n\n\
         示例: taizhang import examples/yichang-sfj-2020-5.txt --out .",
    ),
    (
        "check",
        "检查所有文件,报告全部问题\n\n\
         每个问题输出为 `路径:行:列: error: 说明`,有帮助时附提示。\
         退出状态: 0 没有问题,1 发现问题,2 无法运行。\n\n\
         示例: taizhang check --format json",
    ),
    (
        "list",
        "列出措施(需要跟踪的末级措施),可筛选\n\n\
         示例:\n\n\
         taizhang list --unit 市司法局 --as-of 2021-01-01\n\n\
         taizhang list --unit 夷陵区 --overdue --as-of 2021-07-01\n\n\
         taizhang list --group 17 --format json",
    ),
    (
        "show",
        "显示一项措施的全部内容: 文本、责任单位及其进展、完成时限、所属基本要求的量化目标和各单位的职责\n\n\
         示例: taizhang show 17.1.2",
    ),
    (
        "set",
        "记录一个单位在一项措施上的进展\n\n\
         只改动该单位那条记录所在的几行。未给 --date 的 done 以截至日期(今天)为日期。\
         措施只有一个责任单位时,或已在 TAIZHANG_UNIT 或 ~/.config/taizhang/config.toml \
         (`unit = \"市司法局\"`)中设置本单位时,可以省略 --unit。\n\n\
         示例:\n\n\
         taizhang set 17.1.1 done --unit 市国资委 --date 2021-03-01 --evidence 宜国资发〔2021〕3号\n\n\
         taizhang set 1.1 推进中 --unit 秭归县 --note \"已制定方案\" --commit",
    ),
    (
        "extend",
        "记录一项措施的延期,或其中一个单位那部分的延期\n\n\
         原完成时限保留;延期连同理由和批准文件追加在后,报告按延期后的时限判断是否逾期。\n\n\
         示例: taizhang extend 21.2 --to 2021-06 --reason \"受疫情影响\" --approval 宜司发〔2020〕9号",
    ),
    (
        "history",
        "git 中的变更记录: 谁在何时、在哪次提交中修改了哪条进展记录、完成时限或文本\n\n\
         依据提交的文件内容本身(而不是提交说明),手工修改与合并同样有记录。\n\n\
         示例:\n\n\
         taizhang history 17.1.1\n\n\
         taizhang history --unit 市司法局 --since 2021-01-01 --format md",
    ),
    (
        "review",
        "一个分支改了什么,供合并请求的审查人查看\n\n\
         列出 BASE..HEAD 各次提交中进展、完成时限和文本的每项变更及其作者,并标出审查人必须查看的内容: \
         已完成但无佐证、状态倒退、未记录延期而直接修改完成时限、不是该单位联络员\
         (taizhang.toml 中的 `[[liaison]]`)的人修改了记录、通知原文被修改,以及 check 在 HEAD 发现的问题。\n\n\
         示例:\n\n\
         taizhang review origin/main..HEAD\n\n\
         taizhang review main..feature --format md --strict",
    ),
    (
        "overdue",
        "供 cron 使用的每周摘要: 先是合计和逾期最多的五个单位,再按单位(落后最多的在前)列出已逾期、即将到期的措施,以及近期没有进展的长期坚持事项\n\n\
         输出是确定的(顺序稳定、没有颜色、不依赖终端),同样的数据两次运行输出相同的字节。\n\n\
         示例:\n\n\
         taizhang overdue --as-of 2021-01-01\n\n\
         taizhang overdue --unit 市司法局 --within 30 --format md\n\n\
         taizhang overdue --fail-if-any",
    ),
    (
        "summary",
        "按基本要求或按单位统计完成情况,每行一个进度条,最后是合计\n\n\
         示例:\n\n\
         taizhang summary --as-of 2021-07-01\n\n\
         taizhang summary --by unit",
    ),
    (
        "record",
        "记录一个指标(量化目标)在某一期间的实际值\n\n\
         只改动该值所在的几行,保护措施与 `set` 相同。同一期间(及单位)已有的值会被替换。\n\n\
         示例:\n\n\
         taizhang record 15.i1 92.5 --period 2021\n\n\
         taizhang record 22.i2 3 --period 2021-Q2 --unit 市司法局 --evidence 活动台账.pdf",
    ),
    (
        "indicators",
        "每个指标: 目标、最新实际值、达标/未达标/无数据,以及差距;按季度考核的指标还列出没有记录的季度\n\n\
         示例:\n\n\
         taizhang indicators --as-of 2021-12-31\n\n\
         taizhang indicators --period 2021 --format json",
    ),
    (
        "export",
        "将台账导出为电子表格 (xlsx)、CSV 或 JSON: 每个(措施, 单位)一行,含措施、完成时限、状态和逾期天数\n\n\
         示例:\n\n\
         taizhang export --format xlsx -o 台账.xlsx --as-of 2021-07-01\n\n\
         taizhang export --format csv --bom -o 台账.csv",
    ),
    (
        "form",
        "为一个单位制作填报进展的电子表格 (xlsx),供不使用 git、以邮件报送的单位填写\n\n\
         本单位承担的每项措施(包括经集合单位承担的)一行: 通知内容的列已锁定,需填写的列以颜色标出,\
         隐藏的工作表记录制表时的状态。`collect` 读取填好的表。\n\n\
         示例:\n\n\
         taizhang form --unit 夷陵区 -o 夷陵区.xlsx --as-of 2021-03-01\n\n\
         taizhang form --all-units -o 填报表",
    ),
    (
        "collect",
        "读取发回的填报表,记录各单位填报的变更\n\n\
         写入前逐行检查全部填报表;任何一份有问题,都不写入任何更改(除非加 --skip-invalid)。\
         制表后台账已变、表单又作改动的行是冲突,不写入(除非加 --theirs)。\
         变更与 `set`、`extend` 做同样的检查和修改,并按单位列出以供审查。\n\n\
         示例:\n\n\
         taizhang collect 回收/*.xlsx --dry-run\n\n\
         taizhang collect 夷陵区.xlsx --commit",
    ),
    (
        "schema",
        "输出基本要求文件的 JSON Schema(由读取这些文件的类型生成),供校验 YAML 的编辑器使用\n\n\
         示例: taizhang schema > tasks/group.schema.json",
    ),
    (
        "completions",
        "输出 shell 补全脚本\n\n\
         示例:\n\n\
         taizhang completions bash > ~/.local/share/bash-completion/completions/taizhang\n\n\
         taizhang completions zsh > ~/.zfunc/_taizhang\n\n\
         taizhang completions fish > ~/.config/fish/completions/taizhang.fish\n\n\
         taizhang completions powershell >> $PROFILE",
    ),
    ("man", "输出 man 手册页 (roff)\n\n示例: taizhang man > ~/.local/share/man/man1/taizhang.1"),
    (
        "init",
        "新建空台账: taizhang.toml、带示例的 tasks/units.toml、README 和 .gitignore;\
         目录不在 git 仓库中时执行 `git init`。已有的文件保持不变\n\n\
         示例: taizhang init 台账",
    ),
    (
        "fmt",
        "将基本要求文件整理为 `import` 写出的规范格式,保留注释;加 --check 时只列出不规范的文件\n\n\
         示例:\n\n\
         taizhang fmt\n\n\
         taizhang fmt --check",
    ),
    (
        "site",
        "由台账及其 git 记录生成静态的进展网站\n\n\
         写入 DIR/index.html(总体情况,各基本要求和各单位的完成情况条形图,依据 git 记录的已完成措施累计图及完成时限标记,\
         逾期清单,逾期最久的在前),DIR/units/ 下每个单位一页,DIR/leaves/ 下每项措施一页。\
         页面不访问网络,可从共享文件夹 (file://) 或任何网站服务器打开,可在浏览器中筛选表格,可按 A4 打印;\
         同样的台账、记录和日期生成完全相同的文件。\n\n\
         示例: taizhang site -o public --as-of 2021-07-01",
    ),
];

/// The examples after the top-level help.
pub const EXAMPLES: &str = "示例:\n  \
    taizhang list --unit 市司法局 --overdue --as-of 2021-01-01\n  \
    taizhang set 17.1.1 done --unit 市国资委 --evidence 宜国资发〔2021〕3号\n  \
    taizhang overdue --within 14";

/// Any command: an entry under this name serves every command with an
/// argument of that id (the arguments several commands share, meaning the same).
const ANY: &str = "*";

/// The help of each argument: (command, argument id, help). An entry for a
/// command comes before one for `ANY`.
pub const ARGS: &[(&str, &str, &str)] = &[
    ("", "dir", "在 DIR 目录中运行,如同从那里启动"),
    ("", "as_of", "按此日期 (YYYY-MM-DD) 而不是今天判断期限 [默认: 环境变量 TAIZHANG_TODAY,否则为系统日期]"),
    ("", "lang", "标签和消息的语言: zh 或 en(默认: 台账的设置,否则按系统语言)"),
    (ANY, "format", "输出格式"),
    (ANY, "keep_going", "跳过有问题的基本要求文件继续输出,并在报告开头说明跳过了哪些(退出状态 1)"),
    (ANY, "note", "备注;替换原有的备注"),
    (ANY, "evidence", "佐证: 文号、链接或仓库中的文件;可多次给出,追加到已有的佐证"),
    (ANY, "future", "接受晚于截至日期的日期(`set --date`)或期间(`record --period`);否则视为输入错误"),
    (
        "import",
        "file",
        "任务清单: UTF-8 文本、Word 文件 (.docx)、电子表格 (.xlsx、.xls、.ods) 或 CSV 文件。.doc、.wps 和 .pdf 不能直接读取,会提示转换命令",
    ),
    (
        "import",
        "layout",
        "按指定版式读取,不自动识别: notice(本通知的版式)、A(括号内标注牵头/责任单位)、B(括号内\"某某牵头\")、C(任务下方分行标注)、D(表格)、E(不规则写法)",
    ),
    ("import", "lenient", "写入能归类的部分,其余在标准错误输出和 taizhang.toml 开头的注释中列出,而不是什么都不写"),
    ("import", "format", "--dry-run 的输出格式: table 或 json"),
    ("import", "out", "写入的台账目录"),
    ("import", "dry_run", "列出将要导入的每项措施(编号、措施、责任单位、范围、完成时限),不写入任何文件"),
    ("import", "force", "替换与导入结果不同的基本要求文件(其中的进展记录会丢失)"),
    ("list", "unit", "此单位负责的措施(别名和集合单位均计入)"),
    ("list", "lead", "与 --unit 合用: 只列此单位牵头的措施;同 --role lead"),
    ("list", "role", "与 --unit 合用: 此单位的角色,lead(牵头)、co(配合,或措施也适用于此单位)或 any"),
    (
        "list",
        "stale",
        "只列超过台账 stale_days 设置的天数没有进展的长期坚持事项(任何单位的进展;与 --unit 合用时为该单位的)",
    ),
    ("list", "group", "只列此基本要求(其编号)"),
    (
        "list",
        "status",
        "只列此状态(未开始/推进中/已完成/受阻 或 todo/doing/done/blocked);与 --unit 合用时为该单位自己的状态",
    ),
    ("list", "due_before", "只列完成时限在 DATE 当天或之前的(日期或月份,如 2021-06-30、2021-6、2021/6、2021年6月)"),
    ("list", "due_after", "只列完成时限在 DATE 当天或之后的(日期或月份,写法同 --due-before)"),
    ("list", "overdue", "只列截至 --as-of 已过完成时限且未完成的"),
    ("list", "text", "只列编号或文本包含 WORD 的"),
    ("list", "sort", "排序: id(文件顺序)、due(完成时限早的在前)或 unit(按牵头单位,再按文件顺序)"),
    (
        "list",
        "columns",
        "表格、md 和 csv 的列,以逗号分隔: id, group, text, units, scope, due, due_text, status, role, overdue",
    ),
    ("show", "id", "措施编号,如 17.1.2"),
    ("set", "id", "措施编号,如 17.1.2"),
    ("set", "status", "未开始/推进中/已完成/受阻 或 todo/doing/done/blocked"),
    ("set", "unit", "记录哪个单位的进展(措施的责任单位,或责任集合单位的成员)"),
    ("set", "as_collective", "--unit 为集合单位(如各县市区)时: 以集合单位整体记录,代表所有没有自己记录的成员"),
    (
        "set",
        "date",
        "此状态的日期: 2021-03-01、2021-3-1、2021/3/1、2021.3.1 或 2021年3月1日;默认为截至日期。晚于截至日期需加 --future",
    ),
    ("set", "commit", "将文件提交到 git,提交说明和尾注描述这次变更"),
    ("extend", "id", "措施编号,如 21.2"),
    ("extend", "unit", "只延长此单位的完成时限(默认: 本单位,取自 TAIZHANG_UNIT 或 ~/.config/taizhang/config.toml)"),
    ("extend", "all_units", "延长整项措施的完成时限,对所有单位有效"),
    ("extend", "as_collective", "--unit 为集合单位(如各县市区)时: 对其所有成员延期"),
    (
        "extend",
        "to",
        "新的完成时限: 月份(2021-09、2021-9、2021/9、2021.9 或 2021年9月,即该月月底)或日期(2021-09-15、2021/9/15 或 2021年9月15日)",
    ),
    ("extend", "reason", "延期的理由"),
    ("extend", "approval", "批准文件(文号)或链接"),
    ("extend", "requested_by", "申请延期的单位,与延期一并记录"),
    ("extend", "commit", "将文件提交到 git"),
    ("history", "id", "只看此措施(或此措施、基本要求之下的各项措施)"),
    ("history", "unit", "只看由此单位做出或为此单位做出的变更"),
    ("history", "since", "只看 DATE 当天或之后提交的变更(日期,或月份: 从该月第一天起)"),
    ("review", "range", "要审查的提交,写作 BASE..HEAD"),
    ("review", "strict", "有任何需审查的内容时以状态 1 退出"),
    ("overdue", "within", "同时列出此天数之内到期的措施"),
    ("overdue", "unit", "只看此单位(集合单位的成员也会看到经集合单位承担的措施)"),
    ("overdue", "sort", "单位的顺序: worst(逾期事项最多的在前,再按逾期天数)或 document(按在清单中首次出现的顺序)"),
    ("overdue", "stale_details", "逐项列出单位从未记录进展的长期坚持事项,而不是每个单位一行(项数和编号)"),
    ("overdue", "fail_if_any", "有逾期的措施时以状态 1 退出"),
    ("summary", "by", "每行一个基本要求 (group),或每行一个单位 (unit)"),
    ("record", "id", "指标编号,如 15.i1(`taizhang indicators` 可列出全部)"),
    ("record", "value", "实际值: 92.5 表示 92.5%,3 表示 3 次"),
    ("record", "period", "期间: 2021、2021-H1、2021-Q3,或月份 2021-07、2021-7、2021/7、2021年7月"),
    (
        "record",
        "unit",
        "此值所属的单位(默认: 本单位,取自 TAIZHANG_UNIT 或 ~/.config/taizhang/config.toml;没有设置则为整个台账)",
    ),
    ("record", "all_units", "此值属于整个台账,即使设置了本单位"),
    ("record", "commit", "将文件提交到 git,提交说明和尾注描述这次变更"),
    ("indicators", "period", "按此期间的值判断(2021、2021-H1、2021-Q3、2021-07);默认: 每个指标最新的值"),
    ("indicators", "unit", "只看为此单位记录的值"),
    ("indicators", "group", "只看此基本要求的指标"),
    ("export", "output", "要写入的文件(`-` 表示标准输出,仅限 csv 和 json)"),
    ("export", "bom", "CSV 以 UTF-8 字节顺序标记开头,Windows 上的 Excel 才会按 UTF-8 读取"),
    ("form", "unit", "填报表所属的单位"),
    ("form", "all_units", "为每个承担措施的单位各制作一份填报表,以单位名称命名,放在 -o 指定的目录中"),
    ("form", "output", "要写入的文件(加 --all-units 时为目录)"),
    ("collect", "files", "发回的填报表(.xlsx、.xls 或 .ods)"),
    ("collect", "dry_run", "只输出审查结果,不写入"),
    ("collect", "skip_invalid", "即使其他行有问题,也写入没有问题的行"),
    ("collect", "theirs", "制表后台账已变、表单也改动的行,以表单为准写入(默认: 不写入这些行)"),
    ("collect", "commit", "每个单位的变更作为一次提交,带 Reported-by 尾注"),
    ("completions", "shell", "bash、zsh、fish 或 powershell(或 elvish)"),
    ("init", "init_dir", "台账目录(不存在则创建);默认: 当前目录"),
    ("fmt", "check", "列出不是规范格式的文件,有则以状态 1 退出"),
    ("site", "output", "写入网站的目录(不存在则创建)"),
    ("site", "no_leaf_pages", "不为每项措施生成页面"),
    ("site", "max_leaf_pages", "措施多于 N 项时不为每项措施生成页面"),
    ("site", "max_rows", "长表格(逾期清单、单位的措施)最多列出 N 行,并说明还有多少"),
    ("site", "keep_going", "跳过有问题的基本要求文件继续生成,并在标准错误中说明(退出状态 1)"),
];

/// The name of the `help` command, written here rather than by clap so that
/// it reads in Chinese too.
pub const HELP_COMMAND: &str = "help";

/// The Chinese about text of a command.
pub fn about(command: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(name, _)| *name == command).map(|(_, text)| *text)
}

/// The Chinese help of an argument of a command.
pub fn arg_help(command: &str, id: &str) -> Option<&'static str> {
    let entry = |wanted: &str| ARGS.iter().find(|(c, a, _)| *c == wanted && *a == id);
    entry(command).or_else(|| entry(ANY)).map(|(_, _, text)| *text)
}

/// The command line in Chinese: every about text and argument help from the
/// tables (what a table lacks stays in English), Chinese headings, the help
/// and version flags and the `help` command in Chinese, and usage lines with
/// `[选项]` and `<命令>`.
pub fn translate(cmd: Command) -> Command {
    let cmd = dress(cmd, "")
        .after_help(EXAMPLES)
        .subcommand_value_name("命令")
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"))
        .disable_help_subcommand(true)
        .subcommand(help_command());
    let cmd = cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        dress(sub, &name)
    });
    with_usage(cmd)
}

/// The `help` command: `taizhang help set` prints the help of `set`.
fn help_command() -> Command {
    Command::new(HELP_COMMAND)
        .about("显示本帮助,或某个命令的帮助")
        .arg(Arg::new("command").value_name("命令").num_args(0..).action(ArgAction::Append).help("要查看帮助的命令"))
}

/// One command in Chinese: its about text, its arguments' help, a help flag
/// in Chinese and the Chinese help template.
fn dress(cmd: Command, name: &str) -> Command {
    let mut cmd = match about(name) {
        Some(text) => {
            let (short, long) = paragraphs(text);
            let cmd = cmd.about(short);
            match long {
                Some(long) => cmd.long_about(long),
                None => cmd.long_about(None::<&str>),
            }
        }
        None => cmd,
    };
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |arg| translate_arg(arg, name));
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"));
    let template = template(&cmd);
    cmd.help_template(template)
}

/// One argument's help in Chinese, with its default and possible values
/// written in Chinese after it (clap would add them in English).
fn translate_arg(arg: Arg, command: &str) -> Arg {
    let Some(text) = arg_help(command, arg.get_id().as_str()) else { return arg };
    let (short, long) = paragraphs(text);
    let (arg, extra) = if arg.get_action().takes_values() { values_in_chinese(arg) } else { (arg, String::new()) };
    let arg = arg.help(format!("{short}{extra}"));
    match long {
        Some(long) => arg.long_help(format!("{long}{extra}")),
        None => arg.long_help(None::<&str>),
    }
}

/// ` [默认: …] [可选值: …]` for an option that takes a value, and the
/// option with clap's English versions of these hidden.
fn values_in_chinese(arg: Arg) -> (Arg, String) {
    let mut extra = String::new();
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        extra.push_str(&format!(" [默认: {}]", defaults.join(", ")));
    }
    let values: Vec<String> =
        arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        extra.push_str(&format!(" [可选值: {}]", values.join(", ")));
    }
    (arg.hide_default_value(true).hide_possible_values(true), extra)
}

/// The short help (the first paragraph) and, when there is more, the long
/// help (all of it), as clap's derive reads a doc comment.
fn paragraphs(text: &str) -> (String, Option<String>) {
    match text.split_once("\n\n") {
        Some((first, _)) => (first.to_string(), Some(text.to_string())),
        None => (text.to_string(), None),
    }
}

/// The help layout of clap, with Chinese headings; a section only where
/// the command has something to put in it.
fn template(cmd: &Command) -> String {
    let mut sections = Vec::new();
    if cmd.has_subcommands() {
        sections.push("命令:\n{subcommands}");
    }
    if cmd.get_arguments().any(|a| a.is_positional() && !a.is_hide_set()) {
        sections.push("参数:\n{positionals}");
    }
    sections.push("选项:\n{options}");
    format!("{{before-help}}{{about-with-newline}}\n用法: {{usage}}\n\n{}{{after-help}}", sections.join("\n\n"))
}

/// Sets each command's usage line as clap writes it, with `[选项]` for
/// `[OPTIONS]` (clap has no setting for that word).
fn with_usage(cmd: Command) -> Command {
    let mut built = cmd.clone();
    built.build();
    let usage = |c: &mut Command| {
        let text = c.render_usage().to_string();
        let text = text.strip_prefix("Usage: ").unwrap_or(&text).replace("[OPTIONS]", "[选项]");
        text.trim_end().to_string()
    };
    let root = usage(&mut built);
    let subs: Vec<(String, String)> =
        built.get_subcommands_mut().map(|s| (s.get_name().to_string(), usage(s))).collect();
    let mut cmd = cmd.override_usage(root);
    for (name, line) in subs {
        cmd = cmd.mut_subcommand(&name, |s| s.override_usage(line));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    /// Every command and argument of the command line, as (command, id).
    fn english() -> (Vec<String>, Vec<(String, String)>) {
        let cmd = Cli::command();
        let mut commands = vec![String::new()];
        let mut args: Vec<(String, String)> =
            cmd.get_arguments().map(|a| (String::new(), a.get_id().to_string())).collect();
        for sub in cmd.get_subcommands() {
            commands.push(sub.get_name().to_string());
            args.extend(sub.get_arguments().map(|a| (sub.get_name().to_string(), a.get_id().to_string())));
        }
        (commands, args)
    }

    #[test]
    fn every_command_and_argument_has_a_translation() {
        let (commands, args) = english();
        let missing: Vec<&String> = commands.iter().filter(|c| about(c).is_none()).collect();
        assert!(missing.is_empty(), "commands without a Chinese about text: {missing:?}");
        let missing: Vec<String> =
            args.iter().filter(|(c, a)| arg_help(c, a).is_none()).map(|(c, a)| format!("{c} {a}")).collect();
        assert!(missing.is_empty(), "arguments without Chinese help: {missing:?}");
    }

    #[test]
    fn every_translation_belongs_to_a_command_or_argument() {
        let (commands, args) = english();
        let unused: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).filter(|c| !commands.iter().any(|n| n == c)).collect();
        assert!(unused.is_empty(), "translations of no command: {unused:?}");
        let unused: Vec<String> = ARGS
            .iter()
            .filter(|(c, a, _)| !args.iter().any(|(cc, aa)| aa == a && (cc == c || *c == ANY)))
            .map(|(c, a, _)| format!("{c} {a}"))
            .collect();
        assert!(unused.is_empty(), "translations of no argument: {unused:?}");
    }

    #[test]
    fn long_help_where_english_has_it() {
        let cmd = Cli::command();
        for sub in cmd.get_subcommands() {
            let zh = paragraphs(about(sub.get_name()).unwrap());
            assert_eq!(sub.get_long_about().is_some(), zh.1.is_some(), "{}", sub.get_name());
        }
    }

    #[test]
    fn the_translated_command_is_valid_and_chinese() {
        let mut cmd = translate(Cli::command());
        cmd.build();
        cmd.clone().debug_assert();
        let help = cmd.render_long_help().to_string();
        for heading in ["用法: taizhang [选项] <命令>", "命令:", "选项:", "示例:", "显示帮助", "显示版本"]
        {
            assert!(help.contains(heading), "{heading} missing from\n{help}");
        }
        for english in ["Usage:", "Options:", "Commands:", "Print help", "[default:", "[possible values:"] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        let set = cmd.find_subcommand_mut("set").unwrap().render_long_help().to_string();
        assert!(set.contains("用法: taizhang set [选项] <ID> <STATUS>"), "{set}");
        assert!(set.contains("参数:\n  <ID>"), "{set}");
    }
}
