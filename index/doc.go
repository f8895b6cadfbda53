// Package index is rflmatch's system of record: records held in badger under
// one data directory, encrypted at rest, each record sealed with its own data
// key so that it can be erased for good.
//
// # Basics
//
// [Open] opens (or, with [Options].Create, creates) a store; [Store.Put]
// writes a batch of records and says for each whether it was stored, updated
// or unchanged; [Store.Get], [Store.Delete], [Store.Scan] and [Store.Stats]
// read and remove them; [Store.Backup] and [Restore] copy a store through a
// single encrypted file. A store allows one process at a time.
//
// # Files
//
// The directory holds badger's files and two of ours: RFLMATCH-INDEX, the
// candidate index saved at the last clean close (below), and
// RFLMATCH-STORE, a small JSON marker with the format name and version, whether the store is
// encrypted, a key check value, HMAC-SHA256(master key, "rflmatch key
// check"), and whether the store keeps its tally (below). The marker is
// written before badger creates anything, so Open tells a wrong key, a
// missing key, a plain store opened with a key, a foreign directory or a
// newer format apart before badger opens a file. Every file of the store
// is its owner's alone (0600, directories 0700), whatever the umask.
//
// # Damage
//
// A damaged store is refused with [ErrDamaged], which names the damage,
// and is never read as a smaller store. Before badger opens anything,
// Open checks badger's own files (files.go), because badger, given a
// damaged or missing MANIFEST or KEYREGISTRY, starts a new store over the
// old files, deletes every table the MANIFEST no longer lists (even when
// opened read-only) or panics on goroutines of its own: the MANIFEST's
// entries and checksums, the KEYREGISTRY against the key and the tables'
// data keys, every listed table present with a sound footer, and every
// unlisted table explained as a crash's leftover (or else damage), and
// the checksum of every block of every listed table, read from the files
// on all cores (tables.go), so that badger changes no file of a damaged
// store. After that each block read is verified again. Badger panics that can be
// recovered are recovered as ErrDamaged.
//
// Badger's iterators end without an error at a block they cannot read, so
// a store also keeps its tally under 'T': the number of records by source
// and kind, and the XOR of SHA-256(storage key, kind, canonical JSON) over
// them, rewritten in the transaction of every write. [Store.Stats] checks
// the counts, a [Store.Scan] the counts of what it selects (and the digest
// when it selects everything), [Verify] everything: a disagreement is
// ErrDamaged, not a result.
//
// [Options].ReadOnly opens a store without changing a file: badger opens
// it read-only, the search index stays closed, and a crash's leftovers
// (write-ahead logs to replay, tables of an interrupted flush or
// compaction, an interrupted erase) are refused with [ErrNeedsRecovery]
// rather than finished. [Recover] opens the store for writing, which
// finishes them, and then verifies it. [Verify] reads every record with
// its data key, every case entry against its records, the candidate
// index, the documents and the models, and compares them with the tally.
//
// # Keys
//
// Records live under 'r' + source + id, their data keys under 'k' + source +
// id, case entries under 'c' + source + ref (see below), the models under
// 'M' and the case-entry format version under 'V'. Strings are escaped (0x00 → 0x00 0xFF) and terminated (0x00 0x01), so
// keys sort by source, then id, in byte order, whatever bytes they hold, and
// a source's keys form one contiguous range. The record's kind is kept in
// badger's per-entry user byte, so Scan filters and Stats counts by kind
// without decrypting anything.
//
// # Candidate index
//
// The store implements engine.Store: [Store.Case] reads a record's case and
// [Store.View] the candidate index, so that engine.Query ranks a stored
// case's candidates without reading the store but for the explanations. A
// case (a tracing request with the ante-mortem records sharing its
// case_id, or any other record alone) has one entry under 'c' + source +
// ref, ref being "c" + case_id or "r" + id: its members' ids, the 64-bit
// hashes of its blocking keys as an indexed case
// (engine.Profile.IndexKeys) and, for a sought person, of its reverse keys
// (engine.Profile.ReverseKeys: the description cells of its last contact,
// which remains and registrations look up), and its compact profile
// encoded (engine.Profile.AppendBinary) with the engine.PrepareVersion it
// was prepared under. Put and Delete rewrite the entries of the cases they
// change in the same transaction as the records: no crash leaves a record
// that its case's entry does not list (TestCrashDuringIngest kills an
// ingesting process with SIGKILL round after round and checks it).
//
// In memory, from the first View on: one compact profile per case, the
// postings (key hash → the cases' slots; a key of one case costs a map
// entry and four bytes) and the frequencies of description words and name
// parts over the cases, each case counted once. It is built from the
// entries alone, decoded on all cores, the profiles sharing the names they
// have in common (engine.ProfileDecoder), and the postings are built at
// once when every entry is read; the pages of the store's files that the
// reading left resident in badger's maps are then given back (Linux). An
// entry without a profile (written before entries held one, entry format
// 1) or with one of another PrepareVersion has its case prepared from its
// records, read in key order beside their data keys. Every Put and Delete after that updates it under
// a write lock, and a View holds a read lock for as long as its function
// runs. A clean close saves the built index in RFLMATCH-INDEX, sealed in
// chunks as a backup is, with badger's version at the time (snapshot.go);
// the first View of the next open loads it instead of reading every entry
// when it is current: its version is the store's at open and no case
// changed before that View. Any other file (stale, damaged, cut short) is
// ignored, damage told on the log, and overwritten at the next close. A
// crash leaves no current file, so the open after it builds from the
// entries. Two keys with one hash would share a posting: a few extra
// candidates, never a lost one. The models that train estimates are kept
// under 'M' with the date and the counts they were estimated on
// ([Store.Models], [Store.PutModels]). A store written before case entries
// gets them at its first write or query, from its records, once.
//
// # Encryption
//
// Two layers. Badger encrypts every file it writes (tables, write-ahead
// logs of the memtables, value log) with AES in CTR mode, under data keys
// that it keeps in its KEYREGISTRY file, itself encrypted with a key
// derived from the master key by HKDF; so keys, sources and ids are not
// readable at rest either (TestNothingReadableAtRest greps every file, with
// the store open and closed). CTR has no integrity check; the second layer
// has: each stored version of a record, in canonical JSON, is sealed with
// AES-256-GCM under a fresh random 32-byte data key, with the storage key
// and kind as additional data, so that a value moved under another key fails
// to open. A plain store (NoEncryption, tests only) skips the first layer
// and keeps the second, which there hides nothing, since the data keys lie
// beside the records, but lets erasure work the same way.
//
// # Durability
//
// Every commit is synced to stable storage before the write returns,
// unless [Options].NoSync: a Put or Delete that returned nil is on stable
// storage. The store syncs, not badger (whose SyncWrites is off): a commit
// is readable once applied, so that reads do not wait for the disk syncs
// of the writes in flight, and writers commit and sync one at a time,
// under the writers' lock (Store.sync says why that matters). A Put is one transaction unless it
// exceeds badger's limit (about 15% of MemTableSize, some 9 MiB by default,
// several thousand records); then it is split, never between a record and
// its data key, so an interrupted large Put may be partly stored and is
// simply repeated.
//
// # Erasure
//
// [Store.Delete] removes the record and its data key, and rewrites its
// case's entry without it, in one synced commit; from then on no read,
// scan, stats, query or backup sees it. Older versions stay in badger's
// files until compaction drops them: the sealed record and its data key,
// the case entry before the deletion (sealed under the store-wide entry
// key, and holding what was derived from the record: spellings, phonetic
// codes, numbers, its id), the source and id in the keys.
//
// [Store.Erase] makes the removal final. It first removes the saved
// candidate index, which holds what the index holds of every record. In
// the commit that removes the record it also writes the documents the caller rewrites without the
// record (the service's matches) and a sealed journal listing the storage
// keys to purge (the record's, its data key's, its case entry's, those
// documents') and the current values to keep. Then badger's DropPrefix on
// each exact key flushes the memtables (their write-ahead files go) and
// rewrites every table holding them without any of their versions; the
// kept values are written back, the journal deleted and its own versions
// dropped. Open finishes a journal that a crash left. Afterwards nothing
// of the record (id, name, words) can be read from the directory even
// with the key; the test reads every version of every key to check it.
// The cost is rewriting the tables that hold those keys: seconds, fit for
// requests to erase, not for routine removal.
//
// What no software layer guarantees: that backups made before the erasure
// are destroyed (they are reached only by retention: old backup files
// must be destroyed on schedule), and that the storage device forgets
// freed blocks (badger's per-file encryption keys make those blocks
// unreadable without the KEYREGISTRY of the time, but that file is freed
// the same way).
//
// # Backups
//
// A backup is badger's backup stream (a consistent snapshot) cut into 64 KiB
// chunks, each sealed with AES-256-GCM under a key derived from the master
// key and a random salt in the backup's header; the chunk's number and a
// last-chunk flag are its nonce, so truncation, reordering, splicing and
// alteration are detected on restore. The header holds the key check, so a
// wrong key is told apart from a damaged file. A plain store's backup is
// sealed with a key derived from zeros: damage is detected, nothing is
// hidden. [Restore] writes only into an absent or empty directory; it
// builds the store in .DIR.restoring beside it and renames it when whole,
// and removes it when it fails; one that a killed restore left is removed
// by the next, which says so.
//
// # Caveats
//
// Badger can still panic on its background goroutines on damage that Open
// did not see (a file damaged while the store is open), which ends the
// process. A MANIFEST that lost its last entries while still listing some
// tables cannot be told from a crash's leftover tables: a reading open
// sends it to recovery, which moves the unlisted tables into
// orphaned-tables inside the store before badger opens it (badger would
// delete them), removes them when the store then verifies whole, and
// keeps them, saying so, when it does not. A writing open (ingest) after a
// crash lets badger delete them, as before. Verifying every table at open
// reads the whole store once per open.
// The kind codes in the user byte are stored: never renumber them. Memory
// grows with the batch given to Put: callers batch by thousands.
package index
