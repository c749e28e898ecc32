// A reader of the WebAssembly binary format: bytes, unsigned LEB128 integers and length-prefixed
// names, every read bounds-checked; a module's outline (sections, imported functions, function
// names) and the LEB128 writer. Shared by scripts/short-names.mjs, scripts/order-functions.mjs,
// scripts/panic-paths.mjs and bench/size-breakdown.mjs; `fail(message)` reports a malformed module
// (it must not return).
export class Reader {
  constructor(bytes, at, fail) {
    this.bytes = bytes;
    this.at = at;
    this.fail = fail;
  }
  byte() {
    if (this.at >= this.bytes.length) this.fail("the module ends too early");
    return this.bytes[this.at++];
  }
  u32() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return this.fail("an integer is too long");
  }
  name() {
    const length = this.u32();
    const start = this.at;
    this.at += length;
    if (this.at > this.bytes.length) this.fail("a name runs past the end");
    return Buffer.from(this.bytes.subarray(start, this.at)).toString("utf8");
  }
  /** The bytes from `start` to here, as they are. */
  since(start) {
    return this.bytes.subarray(start, this.at);
  }
}

/** Skips an import's description (after its kind byte). */
export function skipImportDesc(r, kind, fail) {
  const limits = () => {
    const flags = r.byte();
    r.u32(); // minimum
    if (flags & 1) r.u32(); // maximum
  };
  switch (kind) {
    case 0: // function: type index
      r.u32();
      break;
    case 1: // table: element type, limits
      r.byte();
      limits();
      break;
    case 2: // memory: limits
      limits();
      break;
    case 3: // global: value type, mutability
      r.byte();
      r.byte();
      break;
    case 4: // tag: attribute, type index
      r.byte();
      r.u32();
      break;
    default:
      fail(`an import of unknown kind ${kind}`);
  }
}

/** `value` as an unsigned LEB128 integer. */
export function leb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return Buffer.from(out);
}

/**
 * A module's outline: its sections (`id`, `start` of the header, `body`, `end`), how many of its
 * functions are imported (a defined function's index counts them first), and its function names
 * (index → name, from the `name` section; empty without one).
 */
export function outline(bytes, fail) {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100) fail("not a wasm module");
  const r = new Reader(bytes, 8, fail);
  const sections = [];
  const names = new Map();
  let imported = 0;
  while (r.at < bytes.length) {
    const start = r.at;
    const id = r.byte();
    const end = r.u32() + r.at;
    if (end > bytes.length) fail("a section runs past the end");
    sections.push({ id, start, body: r.at, end });
    if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) imported++;
        skipImportDesc(r, kind, fail);
      }
    } else if (id === 0 && r.name() === "name") {
      while (r.at < end) {
        const sub = r.byte();
        const subEnd = r.u32() + r.at;
        if (sub === 1) for (let n = r.u32(); n > 0; n--) names.set(r.u32(), r.name());
        r.at = subEnd;
      }
    }
    r.at = end;
  }
  return { sections, imported, names };
}
