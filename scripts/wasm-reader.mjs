// A reader of the WebAssembly binary format: bytes, unsigned LEB128 integers and length-prefixed
// names, every read bounds-checked. Shared by scripts/short-names.mjs, scripts/order-functions.mjs
// and bench/size-breakdown.mjs; `fail(message)` reports a malformed module (it must not return).
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
