// Package ingest reads records from outside files, validates them with the
// engine's one validator, and hands the good ones to a [Sink] in batches while
// keeping every bad one.
//
// # Formats
//
// The format follows the file's extension (case-insensitive):
//
//   - .jsonl, .ndjson: one record a line in the shape of record.schema.json.
//     Lines may be of any length up to [Options].MaxLine (16 MiB by default);
//     blank lines are skipped, a byte order mark at the start and CRLF line
//     ends are tolerated.
//   - .csv: encoding/csv, a header row first. A record may span several
//     physical lines (quoted cells with line breaks); its LINE is the line
//     where it starts. A row must have a cell for every column of the
//     header (a shorter row has lost a cell and is rejected, as a longer
//     one is). A record is at most [Options].MaxLine bytes; a longer one
//     ends the file (encoding/csv would hold it whole in memory, and after
//     a stray quote the next record cannot be found).
//   - .xlsx: the mapping's sheet (by default the first one), streamed row by
//     row; the first non-empty row is the header. LINE is `Sheet!R17`.
//     Cells are read as stored, not as displayed: a number keeps its digits
//     whatever its format, and a date field takes a real date cell (a serial
//     number) as well as text in the mapping's date_layout. Workbooks in the
//     1904 date system are not supported. A workbook is read in memory and
//     never unpacked to a temporary file (excelize's default above 16 MB,
//     which leaves every name of the sheet on disk after a kill -9); one
//     that unpacks to more than [MaxUnzipped] (512 MiB) is refused as a zip
//     bomb or too large, and a row with a cell longer than [MaxCellChars]
//     (Excel's own limit) is rejected.
//
// CSV and XLSX rows become records through a [Mapping] (see [LoadMapping])
// that names a contract path for each column. A row is built as a JSON object
// and handed to [engine.Decode], so every format shares one validator and one
// set of messages. Columns the mapping does not name are ignored. Without a
// mapping, a header whose cells are all contract paths (`id`, `names[0].full`,
// `age.min`, …) maps each column to the path it names; any other header is a
// configuration error.
//
// # Errors and rejects
//
// Every problem with a record is one line on [Options].Errors:
//
//	pm.jsonl:1043: age.max: 12 is less than age.min 18
//	pm.jsonl:7: not valid JSON: invalid character 'x' looking for beginning of value
//
// A record's problems are all told, not only the first: a field of the wrong
// shape or unknown (which names the nearest known field) is left out and the
// rest still validated; a cell that cannot be converted likewise.
//
// The rejected record goes, whole, to the rejects file: FILE.rejects.jsonl
// beside the input, or [Options].RejectsPath for every input. Each line of it
// is one JSON object {"file", "line", "field", "error", "errors", "raw"}:
// line is a string (a number for JSONL and CSV, `Sheet!R17` for
// spreadsheets), field is the first failing field ("" when the problem is
// not one field's) and error its message, and errors lists every problem,
// the first included, as {"field", "error"}. raw is the original line, or the row as CSV text; when that is not valid
// UTF-8 it is given as raw_base64 instead. A rejects file holds exactly the
// last run's rejects: it is truncated when the first reject of a run comes,
// removed when a run rejects nothing, and has mode 0600 because it holds
// personal data.
//
// A rejects file is never written through a symbolic link planted at its
// path (the run stops instead), and an existing one is narrowed to 0600.
//
// A file whose records are rejected [MaxRejectsInRow] (1,000) times in a row
// is not of its format (a workbook named .jsonl, a CSV file of another
// layout): reading it stops there with a file error ("this does not look
// like JSON Lines"), the records before it stay stored and the rejects up to
// there are kept, instead of a rejects file as large as the input.
//
// Text that is not valid UTF-8 is rejected rather than silently repaired: the
// JSON decoder would replace it with U+FFFD and the original would be lost.
//
// # Counting and duplicates
//
// [Summary] counts every record read as exactly one of stored, updated,
// unchanged or rejected. Records are written in file order, and a later record
// with the same (source, id) replaces an earlier one. A batch never holds one
// key twice: when a duplicate comes, the batch so far is written first, so
// that each record's outcome is the one a sequential write gives (the first
// of two new duplicates is stored, the second updates it).
//
// # Exit codes
//
// [Run] returns an error only for what stops the whole run: a configuration
// problem ([ErrConfig]: a bad mapping, a mapped column or sheet missing from a
// file, checked for every file before anything is written), a failing sink or
// a rejects file that cannot be written. A file that cannot be read at all is
// reported on Errors, counted in [Summary].FailedFiles, and the next file
// still runs.
package ingest
