import Tally

/// The catalogue of load diagnostic ids. An id is stable across releases (suppressions and
/// SARIF rules refer to it); wording may improve.
///
/// `L0xx` are diagnostics on a loaded report (the report loaded, something in it could not be
/// read as declared); `L09xx` are refusals thrown as ``ReportLoadError``.
public enum LoadDiagnosticID {
    /// A table announced by its title (with its 单位/部门 lines or header) but without data rows.
    /// A note when the report explains it (“本部门当年无…”), otherwise a warning.
    public static let tableWithoutRows = "L001"
    /// A title listed in a table of contents or table list whose table appears nowhere in the report.
    public static let listedTableMissing = "L002"
    /// A classification code of the wrong length: a 功能分类 code with other than 3, 5 or 7 digits
    /// (typically a 项 code truncated to 6), an 经济分类 code with other than 3 or 5.
    public static let malformedCode = "L003"
    /// The same classification code on two rows of one table (one group of it).
    public static let duplicateCode = "L004"
    /// A code whose prefix does not match its parent or class: an unknown 类 (`280505`), a 项
    /// whose 款 is not in the table (`2080606` among 20805 rows), or a 款 used by no other table.
    public static let codeParentMismatch = "L005"
    /// Code columns shifted against the names: a row carrying its own code and the next row's.
    /// The loader takes the code that fits and says which.
    public static let shiftedCodeColumns = "L006"
    /// An amount that could not be placed in any declared column (more amounts than columns, an
    /// amount in a name or code position).
    public static let unplacedAmount = "L007"
    /// Two amounts in one cell (`3,885.24 5,225.87`), split into consecutive columns.
    public static let twoAmountsInCell = "L008"
    /// The header does not match the declaration: columns not found by name and placed by
    /// position, a header naming fewer columns than its 栏次 row, an unreadable header.
    public static let headerMismatch = "L009"
    /// An amount unit other than 万元/元, or a table whose unit differs from the report's.
    public static let unknownUnit = "L010"
    /// A table title that no declaration recognises.
    public static let unrecognisedTitle = "L011"
    /// Text damage: the file ends inside a UTF-8 character, or invalid bytes were replaced.
    public static let damagedText = "L012"
    /// A table the pack declares as required that the report does not contain, or no declared
    /// table found at all.
    public static let requiredTableMissing = "L013"
    /// The report was not UTF-8 and was decoded from another encoding (GB18030, UTF-16).
    public static let decodedEncoding = "L014"
    /// A fact template the loader cannot use (no literal text, an unclosed `{`).
    public static let invalidFactTemplate = "L015"
    /// A table appearing twice with data; the first was loaded.
    public static let repeatedTable = "L016"
    /// A 功能分类 table printed by unit (分单位): a note that its unit blocks were read as such
    /// (the 功能分类 rows summed over the units), or a warning that a unit row is not the sum
    /// of its block; a note, too, that a table's rows are units alone (单位编码, no 功能分类 code).
    public static let unitBlocks = "L017"
    /// A row name wrapped onto more than one line of a table, its pieces joined into the row
    /// (a note naming the rows and lines).
    public static let joinedNameLines = "L018"
    /// A table announced by its title whose lines could not be read as its header or rows
    /// (prose, an HTML fragment, cells run together): a warning on the title line naming the
    /// first such line. A table announced with its header but without rows is ``tableWithoutRows``.
    public static let unreadTable = "L019"
    /// A space-aligned table whose header is printed again on a later page, where that page's
    /// columns could not be matched to the first page's: a note when one column grid was used for
    /// every page, a warning when the cells were read as printed (on the repeated header's line).
    public static let pageGridMismatch = "L020"
    /// A space-aligned table whose rows line up equally well counting a CJK character one or two
    /// columns wide, where the two readings cut its lines differently: a note that the measure the
    /// report's other space-aligned lines follow was used (on the table's first row).
    public static let columnMeasureTie = "L021"
    /// Rows with amounts under a table's title after the line that ended the table (a line the
    /// reader could not place among its rows): not read.
    public static let rowsAfterTableEnd = "L022"
    /// Header columns that no declared column names (`上年预算数 | 增减额 | 增减率` beside the declared
    /// `合计 | 基本支出 | 项目支出`): a note, once per table, naming them; their cells are not read.
    /// A declaration that should check them declares them.
    public static let undeclaredColumns = "L023"
    /// A row of a 绩效 sheet (项目绩效目标表, 绩效自评表: tab rows no pack declares as a table) out of
    /// line with its block: its amounts one to three cells off where the block's other rows print
    /// theirs (rows continued after a page break), or an indicator label (产出指标, 社会效益指标…) in
    /// another column than the header's 一级指标 / 二级指标. A warning on the row.
    public static let misalignedSheetRow = "L024"
    /// A classification code damaged in extraction and read as the code it stands for: a space
    /// inside it (`2050 202`), a letter for a digit (`2O50203`), a 项 code cut to its 款's digits
    /// and found under the same name in another table. A warning naming what was read; a repair
    /// whose parent code is not in the table is undone (the row is read without a code, and the
    /// warning says so).
    public static let repairedCode = "L030"

    /// Refusal: the file is empty (or only whitespace).
    public static let emptyFile = "L0901"
    /// Refusal: the file is binary (NUL bytes or control characters).
    public static let binaryFile = "L0902"
    /// Refusal: the file is neither UTF-8 nor GB18030/GBK nor UTF-16 text.
    public static let undecodableText = "L0903"
    /// Refusal: the file cannot be read (missing, a directory, no permission).
    public static let unreadableFile = "L0904"
    /// Refusal: the file is larger than ``ReportLoader/maxFileBytes``.
    public static let fileTooLarge = "L0905"

    /// The severity a load diagnostic has unless stated otherwise.
    public static func defaultSeverity(_ id: String) -> Diagnostic.Severity {
        switch id {
        case decodedEncoding, unrecognisedTitle, twoAmountsInCell, repeatedTable, joinedNameLines, undeclaredColumns: .note
        case requiredTableMissing, invalidFactTemplate: .error
        default: .warning
        }
    }
}
