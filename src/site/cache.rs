//! The build cache: what a build made, kept in `.ent-guide-cache/` beside
//! `content/` so that the next build reuses what did not change. Each
//! part of the build has a store of its own (a file `<name>.bin`): entries
//! keyed on the digest of exactly what produced them ([`key`], SHA-256 of
//! the inputs), so a changed input is a different key and never a stale
//! hit.
//!
//! A store file is the magic line, the format number, the crate's version,
//! the identity of the program that wrote it (its executable's size and
//! modification time: a rebuilt program may render differently, so its
//! stores are not trusted), the store's own tag (e.g. Pagefind's version), the entries (key, length,
//! bytes) and a CRC-32 of all that (an integrity check against damage,
//! much cheaper than a digest on stores of tens of megabytes; the keys
//! stay SHA-256). A file that is missing, cut short,
//! corrupt, of another format or written by another version is ignored and
//! rebuilt, never trusted. A store is saved atomically (a temporary file
//! renamed over the old one) with only the entries the build used, so the
//! cache does not grow with every edit; a store the build put nothing new
//! into is not written at all (what it no longer uses goes when it next
//! is). A store is read by mapping its file ([`map`]): neither copied nor
//! given fresh memory. `--no-cache` reads nothing and
//! writes nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The cache's folder, beside `content/`.
pub const DIR: &str = ".ent-guide-cache";

/// The store format: bump it when what any store holds changes meaning.
const FORMAT: u32 = 3;

const MAGIC: &[u8] = b"ent-guide build cache\n";

pub use crate::digest::{key, Key};

/// Where a build's cache is, if it uses one.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache of the guide at `root` (`<root>/.ent-guide-cache`).
    pub fn of(root: &Path) -> Cache {
        Cache {
            dir: Some(root.join(DIR)),
        }
    }

    /// No cache: nothing read, nothing written (`--no-cache`, the preview).
    pub fn off() -> Cache {
        Cache { dir: None }
    }

    /// The store `name`, tagged `tag` (a store written with another tag is
    /// ignored); empty when there is none that can be trusted.
    pub fn open(&self, name: &str, tag: &str) -> Store {
        let Some(dir) = &self.dir else {
            return Store::empty(None, tag);
        };
        let path = dir.join(format!("{name}.bin"));
        let mut store = Store::empty(Some(path.clone()), tag);
        if let Some(bytes) = map(&path) {
            if let Some(entries) = parse(&bytes, tag) {
                store.entries = entries;
                store.bytes = Some(bytes);
            }
        }
        store
    }

    /// Removes from the cache's folder the files this program will never
    /// read: stores written by another program or in another format (left
    /// by an older ent-guide, or renamed since, like a store now split in
    /// 16 files) and the temporary files of saves that were cut short.
    /// Only their headers are read. Without it, the folder would keep them
    /// until someone removed it.
    pub fn sweep(&self) {
        let Some(dir) = &self.dir else { return };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let own_tmp = format!("tmp-{}", std::process::id());
        for entry in entries.flatten() {
            let path = entry.path();
            let dead = match path.extension().and_then(|e| e.to_str()) {
                Some("bin") => !written_by_this_program(&path),
                Some(ext) => ext.starts_with("tmp-") && ext != own_tmp,
                None => false,
            };
            if dead && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// Whether the store file at `path` has the header this program writes
/// (magic line, format, version, program), whatever its tag.
fn written_by_this_program(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return true;
    };
    if file.take(512).read_to_end(&mut head).is_err() {
        return true;
    }
    ours(&mut Reader::new(&head)).is_some()
}

/// Reads the header this program writes (magic line, format, version,
/// program) up to the store's tag; `None` for any other.
fn ours(r: &mut Reader) -> Option<()> {
    (r.take(MAGIC.len())? == MAGIC
        && u32::from_le_bytes(r.take(4)?.try_into().ok()?) == FORMAT
        && r.str()? == env!("CARGO_PKG_VERSION").as_bytes()
        && r.str()? == program())
    .then_some(())
}

/// The file at `path` mapped into memory, read as it is used; `None` when
/// it cannot be opened or mapped (or is empty).
///
/// A store file is never written in place: a build writes a new file and
/// renames it over the old one ([`Store::save`]), so the mapped file keeps
/// its bytes while it is read (damage done before is caught by its
/// checksum, read whole in [`parse`]). Only another program cutting the
/// file short while a build reads it would stop that build, as it would
/// stop rustc reading its incremental cache.
fn map(path: &Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the file is not changed while mapped (see above).
    unsafe { memmap2::Mmap::map(&file) }.ok()
}

/// One part of the cache: the entries read from its file, and those the
/// build keeps for the next one. Threads share it: keeping and putting
/// take `&self`.
pub struct Store {
    path: Option<PathBuf>,
    tag: String,
    /// Its file, mapped (`None` when there was none to trust).
    bytes: Option<memmap2::Mmap>,
    entries: Keyed<Range<usize>>,
    kept: Mutex<Keyed<Kept>>,
}

/// The program's identity in store headers: the size and modification
/// time of its executable (empty when they cannot be read, which only
/// makes every store foreign).
fn program() -> &'static [u8] {
    static ID: OnceLock<Vec<u8>> = OnceLock::new();
    ID.get_or_init(|| {
        let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        else {
            return Vec::new();
        };
        let since = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .unwrap_or_default();
        format!(
            "{} {}.{:09}",
            meta.len(),
            since.as_secs(),
            since.subsec_nanos()
        )
        .into_bytes()
    })
}

/// A map by key. Keys are digests, as good as random: the first eight
/// bytes are their hash (SipHash over all 32 took a few percent of a
/// rebuild's CPU in the stores' lookups and keeps).
type Keyed<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;

/// The hasher of [`Keyed`]: a key's first eight bytes.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // A key is hashed as its length, then its bytes in one write.
        let mut first = [0; 8];
        for (f, b) in first.iter_mut().zip(bytes) {
            *f = *b;
        }
        self.0 = self.0.rotate_left(17) ^ u64::from_le_bytes(first);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

enum Kept {
    Old(Range<usize>),
    New(Vec<u8>),
}

impl Store {
    fn empty(path: Option<PathBuf>, tag: &str) -> Store {
        Store {
            path,
            tag: tag.to_string(),
            bytes: None,
            entries: Keyed::default(),
            kept: Mutex::new(Keyed::default()),
        }
    }

    /// The entry `key` read from the file, if there was one.
    pub fn get(&self, key: &Key) -> Option<&[u8]> {
        let bytes = self.bytes.as_deref()?;
        self.entries.get(key).map(|r| &bytes[r.clone()])
    }

    /// Keeps the entry `key` read from the file for the next build.
    pub fn keep(&self, key: &Key) {
        if let Some(r) = self.entries.get(key) {
            self.kept().insert(*key, Kept::Old(r.clone()));
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Keyed<Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether what is put is kept (there is a cache): when not, there is
    /// no need to make it.
    pub fn keeps(&self) -> bool {
        self.path.is_some()
    }

    /// Stores `bytes` under `key` for the next build (kept as read where
    /// the store already holds those very bytes under it).
    pub fn put(&self, key: Key, bytes: Vec<u8>) {
        let same = self.get(&key) == Some(bytes.as_slice());
        let entry = match self.entries.get(&key).filter(|_| same) {
            Some(r) => Kept::Old(r.clone()),
            None => Kept::New(bytes),
        };
        self.kept().insert(key, entry);
    }

    /// Writes the kept entries, atomically; nothing without a cache, or
    /// when nothing new was put. Entries this build did not use are
    /// dropped when the store is written, and left in place otherwise: a
    /// store grows only by being written, which drops them, and an edit
    /// rewrites the stores it adds to, not every one it stopped using.
    pub fn save(self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let nothing_new = kept.values().all(|k| matches!(k, Kept::Old(_)));
        if nothing_new && self.bytes.is_some() {
            return Ok(());
        }
        let read = self.bytes.as_deref().unwrap_or_default();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = write_store(&tmp, &self.tag, &kept, read);
        // Unmapped before its file is replaced (which some systems refuse
        // while it is mapped).
        drop(self.bytes);
        written
            .and_then(|()| std::fs::rename(&tmp, path))
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
    }
}

/// Writes the store file at `path`: the header with `tag`, the `kept`
/// entries (those read before taken from `read`, the file as read), and
/// the checksum of all that, a piece at a time: a store of tens of
/// megabytes is not copied into memory once more to be written.
fn write_store(path: &Path, tag: &str, kept: &Keyed<Kept>, read: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(path)?);
    let mut crc = crc32fast::Hasher::new();
    let mut put = |bytes: &[u8]| {
        crc.update(bytes);
        file.write_all(bytes)
    };
    put(MAGIC)?;
    put(&FORMAT.to_le_bytes())?;
    for s in [
        env!("CARGO_PKG_VERSION").as_bytes(),
        program(),
        tag.as_bytes(),
    ] {
        put(&(s.len() as u64).to_le_bytes())?;
        put(s)?;
    }
    put(&(kept.len() as u64).to_le_bytes())?;
    // In the keys' order: the same entries make the same file.
    let mut sorted: Vec<(&Key, &Kept)> = kept.iter().collect();
    sorted.sort_unstable_by_key(|(k, _)| *k);
    for (key, entry) in sorted {
        let bytes = match entry {
            Kept::Old(r) => read.get(r.clone()).unwrap_or_default(),
            Kept::New(b) => b.as_slice(),
        };
        put(key)?;
        put(&(bytes.len() as u64).to_le_bytes())?;
        put(bytes)?;
    }
    // The checksum of what precedes it, as [`checksum`] makes it.
    file.write_all(&crc.finalize().to_le_bytes())?;
    file.flush()
}

/// A store split in files by the first byte of the keys (`<name>-<i>.bin`),
/// so that a build that changes a few entries rewrites a few small files
/// rather than one large one.
pub struct Shards {
    /// Where the shards are read from, when they are read on first use.
    cache: Cache,
    name: String,
    tag: String,
    stores: Vec<OnceLock<Store>>,
    /// The keys kept while their shard was not read yet: kept when it is
    /// saved, if it is read by then (a shard never read is not saved).
    pending: Vec<Mutex<Vec<Key>>>,
}

impl Shards {
    /// The `n` shards of store `name` in `cache`, read in parallel; one
    /// empty store without a cache (the preview opens one per body).
    pub fn open(cache: &Cache, name: &str, tag: &str, n: usize) -> Shards {
        use rayon::prelude::*;
        let shards = Self::open_lazily(cache, name, tag, n);
        if cache.dir.is_none() {
            shards.shard(0);
        } else {
            shards.stores.par_iter().enumerate().for_each(|(i, _)| {
                shards.shard(i);
            });
        }
        shards
    }

    /// The shards of store `name`, each read when a key of it is first
    /// asked for: a build that needs one entry reads one file. A shard
    /// never read is left as it is when the others are saved.
    pub fn open_lazily(cache: &Cache, name: &str, tag: &str, n: usize) -> Shards {
        let n = if cache.dir.is_none() { 1 } else { n.max(1) };
        Shards {
            cache: cache.clone(),
            name: name.to_string(),
            tag: tag.to_string(),
            stores: (0..n).map(|_| OnceLock::new()).collect(),
            pending: (0..n).map(|_| Mutex::default()).collect(),
        }
    }

    /// Shard `i`, read now if it was not yet.
    fn shard(&self, i: usize) -> &Store {
        self.stores[i].get_or_init(|| match self.cache.dir {
            None => Store::empty(None, &self.tag),
            Some(_) => self.cache.open(&format!("{}-{i:x}", self.name), &self.tag),
        })
    }

    fn index(&self, key: &Key) -> usize {
        usize::from(key[0]) % self.stores.len()
    }

    fn of(&self, key: &Key) -> &Store {
        self.shard(self.index(key))
    }

    /// See [`Store::get`].
    pub fn get(&self, key: &Key) -> Option<&[u8]> {
        self.of(key).get(key)
    }

    /// See [`Store::keep`]; a shard not read yet is not read for it.
    pub fn keep(&self, key: &Key) {
        let i = self.index(key);
        match self.stores[i].get() {
            Some(store) => store.keep(key),
            None => self.pending[i]
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(*key),
        }
    }

    /// See [`Store::put`].
    pub fn put(&self, key: Key, bytes: Vec<u8>) {
        self.of(&key).put(key, bytes)
    }

    /// See [`Store::keeps`].
    pub fn keeps(&self) -> bool {
        self.cache.dir.is_some()
    }

    /// Saves every shard that was read and changed, in parallel; the first
    /// error.
    pub fn save(self) -> io::Result<()> {
        use rayon::prelude::*;
        self.stores
            .into_par_iter()
            .zip(self.pending)
            .filter_map(|(store, pending)| {
                let store = store.into_inner()?;
                for key in pending.into_inner().unwrap_or_else(|e| e.into_inner()) {
                    store.keep(&key);
                }
                Some(store)
            })
            .map(Store::save)
            .collect::<io::Result<Vec<()>>>()
            .map(|_| ())
    }
}

/// The bytes of a store's checksum.
const SUM: usize = 4;

/// The checksum ending a store file: the CRC-32 of what precedes it.
fn checksum(body: &[u8]) -> [u8; SUM] {
    crc32fast::hash(body).to_le_bytes()
}

/// Appends `bytes` to an entry being encoded, length first (read back
/// with [`Reader::str`]).
pub fn put_str(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Appends a number to an entry being encoded (read back with
/// [`Reader::u64`]).
pub fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// The entries of a store file, or `None` when it is not one this build
/// can trust.
fn parse(bytes: &[u8], tag: &str) -> Option<Keyed<Range<usize>>> {
    let body_len = bytes.len().checked_sub(SUM)?;
    let (body, sum) = bytes.split_at(body_len);
    if checksum(body) != sum {
        return None;
    }
    let mut r = Reader { bytes: body, at: 0 };
    ours(&mut r)?;
    if r.str()? != tag.as_bytes() {
        return None;
    }
    let n = r.u64()?;
    let mut entries = Keyed::default();
    for _ in 0..n {
        let key: Key = r.take(32)?.try_into().ok()?;
        let len = usize::try_from(r.u64()?).ok()?;
        let start = r.at;
        r.take(len)?;
        entries.insert(key, start..start + len);
    }
    (r.at == body.len()).then_some(entries)
}

/// Reads back what [`put_str`] and [`put_u64`] wrote; `None` on bytes cut
/// short.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    /// The next `n` bytes as they are.
    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        self.take(n)
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn str(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("speed-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn entries_kept_or_put_are_read_back_and_others_dropped() {
        let root = dir("roundtrip");
        let cache = Cache::of(&root);
        let (a, b, c) = (key(&[b"a"]), key(&[b"b"]), key(&[b"c"]));
        let s = cache.open("pages", "t1");
        assert!(s.get(&a).is_none());
        s.put(a, b"first".to_vec());
        s.put(b, b"second".to_vec());
        s.save().expect("save");
        let s = cache.open("pages", "t1");
        assert_eq!(s.get(&a), Some(&b"first"[..]));
        s.keep(&a);
        s.put(c, b"third".to_vec());
        s.save().expect("save");
        let s = cache.open("pages", "t1");
        assert_eq!(s.get(&a), Some(&b"first"[..]));
        assert_eq!(s.get(&b), None, "an entry the build did not use is dropped");
        assert_eq!(s.get(&c), Some(&b"third"[..]));
        assert!(
            cache.open("pages", "t2").get(&a).is_none(),
            "another tag is another store"
        );
        // Nothing new (an entry put again with the same bytes, one not
        // used): the file is left as it is, the unused entry with it...
        let file = root.join(DIR).join("pages.bin");
        let before = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .expect("file");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = cache.open("pages", "t1");
        s.put(a, b"first".to_vec());
        s.save().expect("save");
        let after = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .expect("file");
        assert_eq!(before, after, "a store with nothing new is not written");
        let s = cache.open("pages", "t1");
        assert_eq!(s.get(&c), Some(&b"third"[..]));
        // ...until something new is put: then it is dropped.
        s.put(a, b"changed".to_vec());
        s.save().expect("save");
        let s = cache.open("pages", "t1");
        assert_eq!(s.get(&a), Some(&b"changed"[..]));
        assert_eq!(
            s.get(&c),
            None,
            "an unused entry is dropped when the store is written"
        );
        std::fs::remove_dir_all(&root).expect("clean");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_ignored() {
        let root = dir("damaged");
        let cache = Cache::of(&root);
        let a = key(&[b"a"]);
        let s = cache.open("x", "t");
        s.put(a, vec![7; 100]);
        s.save().expect("save");
        let file = root.join(DIR).join("x.bin");
        let good = std::fs::read(&file).expect("read");
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 1;
        let other_version = {
            let v = env!("CARGO_PKG_VERSION");
            let mut b = good.clone();
            let at = b
                .windows(v.len())
                .position(|w| w == v.as_bytes())
                .expect("version");
            b[at] ^= 1;
            // a correct checksum over a foreign header
            let n = b.len() - SUM;
            let sum = checksum(&b[..n]);
            b[n..].copy_from_slice(&sum);
            b
        };
        for bad in [
            flipped,
            good[..good.len() - 1].to_vec(),
            Vec::new(),
            b"garbage".to_vec(),
            other_version,
        ] {
            std::fs::write(&file, &bad).expect("write");
            assert!(cache.open("x", "t").get(&a).is_none());
        }
        std::fs::write(&file, &good).expect("write");
        assert!(cache.open("x", "t").get(&a).is_some());
        std::fs::remove_dir_all(&root).expect("clean");
    }

    #[test]
    fn lazy_shards_read_and_save_only_the_shards_used() {
        let root = dir("lazy");
        let cache = Cache::of(&root);
        // Two keys in different shards (by their first byte).
        let mut keys: Vec<Key> = (0u8..=255).map(|i| key(&[&[i]])).collect();
        keys.sort_unstable();
        let (a, b) = (keys[0], keys[255]);
        assert_ne!(a[0] % 16, b[0] % 16);
        let s = Shards::open(&cache, "lazy", "t", 16);
        s.put(a, b"a".to_vec());
        s.put(b, b"b".to_vec());
        s.save().expect("save");
        let file_of = |k: &Key| root.join(DIR).join(format!("lazy-{:x}.bin", k[0] % 16));
        let before = std::fs::read(file_of(&b)).expect("b's shard");
        // Only `a` is used: its shard is rewritten without a dropped entry,
        // `b`'s is neither read nor written.
        let s = Shards::open_lazily(&cache, "lazy", "t", 16);
        assert_eq!(s.get(&a), Some(&b"a"[..]));
        let near = keys[1..255]
            .iter()
            .find(|k| k[0] % 16 == a[0] % 16)
            .expect("another key in a's shard");
        s.put(*near, b"n".to_vec());
        s.save().expect("save");
        assert_eq!(std::fs::read(file_of(&b)).expect("b's shard"), before);
        let s = Shards::open(&cache, "lazy", "t", 16);
        assert_eq!(
            s.get(&b),
            Some(&b"b"[..]),
            "an unread shard keeps its entries"
        );
        assert_eq!(
            s.get(&a),
            None,
            "a read shard keeps only what was kept or put"
        );
        assert_eq!(s.get(near), Some(&b"n"[..]));
        std::fs::remove_dir_all(&root).expect("clean");
    }

    #[test]
    fn an_entry_kept_before_its_shard_is_read_stays() {
        let root = dir("pending");
        let cache = Cache::of(&root);
        let a = key(&[b"a"]);
        let near = (0u8..=255)
            .map(|i| key(&[&[i]]))
            .find(|k| k[0] % 4 == a[0] % 4 && *k != a)
            .expect("another key in a's shard");
        let s = Shards::open(&cache, "pending", "t", 4);
        s.put(a, b"a".to_vec());
        s.save().expect("save");
        // `a` is kept unread, then its shard is read for a new entry.
        let s = Shards::open_lazily(&cache, "pending", "t", 4);
        s.keep(&a);
        s.put(near, b"n".to_vec());
        s.save().expect("save");
        let s = Shards::open(&cache, "pending", "t", 4);
        assert_eq!(s.get(&a), Some(&b"a"[..]));
        assert_eq!(s.get(&near), Some(&b"n"[..]));
        // Not kept, and its shard read: dropped.
        let s = Shards::open_lazily(&cache, "pending", "t", 4);
        s.put(near, b"m".to_vec());
        s.save().expect("save");
        let s = Shards::open(&cache, "pending", "t", 4);
        assert_eq!(s.get(&a), None);
        std::fs::remove_dir_all(&root).expect("clean");
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
    }

    #[test]
    fn without_a_cache_nothing_is_written() {
        let s = Cache::off().open("x", "t");
        s.put(key(&[b"a"]), b"v".to_vec());
        s.save().expect("nothing to do");
    }
}
