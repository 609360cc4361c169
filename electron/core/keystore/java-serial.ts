import { type JavaDataReader, corrupt } from './java-data.js';

/**
 * A reader for the Java Object Serialization Stream Protocol, only as far as JCEKS needs it.
 * A JCEKS secret-key entry is an ObjectOutputStream (a SealedObject) written straight into the
 * keystore with no length prefix, so finding where the entry ends means parsing the stream.
 * It never instantiates anything: it builds plain data (class names, field values, byte arrays).
 */

export interface JavaObject {
  kind: 'object';
  className: string;
  /** Field values by name, over the whole class hierarchy. */
  fields: Map<string, JavaValue>;
}
export interface JavaArray {
  kind: 'array';
  className: string;
  /** Set for byte[] (the only primitive array JCEKS uses); other arrays keep their elements. */
  bytes?: Buffer;
  items: JavaValue[];
}
export interface JavaEnum {
  kind: 'enum';
  className: string;
  name: string;
}
export type JavaValue = null | string | number | bigint | boolean | JavaObject | JavaArray | JavaEnum | ClassDesc;

interface FieldDesc {
  type: string;
  name: string;
}
interface ClassDesc {
  kind: 'classdesc';
  name: string;
  flags: number;
  fields: FieldDesc[];
  superDesc: ClassDesc | null;
}

const TC = {
  NULL: 0x70, REFERENCE: 0x71, CLASSDESC: 0x72, OBJECT: 0x73, STRING: 0x74, ARRAY: 0x75, CLASS: 0x76,
  BLOCKDATA: 0x77, ENDBLOCKDATA: 0x78, RESET: 0x79, BLOCKDATALONG: 0x7a, EXCEPTION: 0x7b, LONGSTRING: 0x7c,
  PROXYCLASSDESC: 0x7d, ENUM: 0x7e,
} as const;
const SC_WRITE_METHOD = 0x01, SC_SERIALIZABLE = 0x02, SC_EXTERNALIZABLE = 0x04, SC_BLOCK_DATA = 0x08;
const BASE_HANDLE = 0x7e0000;
const MAX_DEPTH = 64;

/** Reads one serialized object (stream header + one object) at the reader's position. */
export function readSerializedObject(reader: JavaDataReader): JavaValue {
  if (reader.u16() !== 0xaced || reader.u16() !== 5) throw corrupt('a secret key entry is not a Java serialization stream');
  return new StreamParser(reader).content(0);
}

class StreamParser {
  private handles: unknown[] = [];

  constructor(private readonly r: JavaDataReader) {}

  content(depth: number): JavaValue {
    if (depth > MAX_DEPTH) throw corrupt('a secret key entry is nested too deeply');
    const tc = this.r.u8();
    switch (tc) {
      case TC.NULL:
        return null;
      case TC.REFERENCE:
        return this.reference() as JavaValue;
      case TC.CLASSDESC:
      case TC.PROXYCLASSDESC:
        return this.classDescAfterTag(tc, depth);
      case TC.OBJECT:
        return this.object(depth);
      case TC.STRING:
        return this.register(this.r.utf());
      case TC.LONGSTRING:
        return this.register(this.longString());
      case TC.ARRAY:
        return this.array(depth);
      case TC.CLASS: {
        const desc = this.classDesc(depth);
        return this.register(desc);
      }
      case TC.ENUM: {
        const desc = this.classDesc(depth);
        const slot = this.reserve();
        const name = this.content(depth + 1);
        if (typeof name !== 'string') throw corrupt('an enum constant has no name');
        return this.fill(slot, { kind: 'enum', className: desc?.name ?? '', name });
      }
      case TC.RESET:
        this.handles = [];
        return this.content(depth);
      case TC.BLOCKDATA: // custom writeObject data: nothing JCEKS needs, so it is skipped
        this.r.skip(this.r.u8());
        return null;
      case TC.BLOCKDATALONG:
        this.r.skip(this.r.i32());
        return null;
      default:
        throw corrupt(`a secret key entry holds an unsupported serialization tag 0x${tc.toString(16)}`);
    }
  }

  private object(depth: number): JavaObject {
    const desc = this.classDesc(depth);
    if (!desc) throw corrupt('a serialized object has no class');
    const obj: JavaObject = { kind: 'object', className: desc.name, fields: new Map() };
    this.register(obj);
    const chain: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d; d = d.superDesc) chain.unshift(d);
    for (const d of chain) {
      if (d.flags & SC_SERIALIZABLE) {
        for (const f of d.fields) obj.fields.set(f.name, this.fieldValue(f.type, depth));
        if (d.flags & SC_WRITE_METHOD) this.annotation(depth);
      } else if (d.flags & SC_EXTERNALIZABLE) {
        if (!(d.flags & SC_BLOCK_DATA)) throw corrupt('a secret key entry uses an old externalizable format');
        this.annotation(depth);
      }
    }
    return obj;
  }

  private array(depth: number): JavaArray {
    const desc = this.classDesc(depth);
    if (!desc || !desc.name.startsWith('[')) throw corrupt('a serialized array has no array class');
    const arr: JavaArray = { kind: 'array', className: desc.name, items: [] };
    this.register(arr);
    const size = this.r.i32();
    if (size < 0) throw corrupt('a serialized array has a negative size');
    const elem = desc.name.slice(1);
    if (elem === 'B') arr.bytes = this.r.bytes(size);
    else for (let i = 0; i < size; i++) arr.items.push(this.fieldValue(elem[0] ?? '', depth));
    return arr;
  }

  private fieldValue(type: string, depth: number): JavaValue {
    switch (type[0]) {
      case 'B': return this.r.bytes(1).readInt8(0);
      case 'C': return this.r.u16();
      case 'S': return this.r.bytes(2).readInt16BE(0);
      case 'I': return this.r.i32();
      case 'F': return this.r.bytes(4).readFloatBE(0);
      case 'J': return this.r.i64();
      case 'D': return this.r.bytes(8).readDoubleBE(0);
      case 'Z': return this.r.u8() !== 0;
      case 'L':
      case '[':
        return this.content(depth + 1);
      default:
        throw corrupt(`a serialized field has an unknown type '${type}'`);
    }
  }

  /** Reads a class descriptor where one is expected (new, reference or null). */
  private classDesc(depth: number): ClassDesc | null {
    const tc = this.r.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) {
      const ref = this.reference();
      if (!isClassDesc(ref)) throw corrupt('a class reference points at something else');
      return ref;
    }
    if (tc === TC.CLASSDESC || tc === TC.PROXYCLASSDESC) return this.classDescAfterTag(tc, depth);
    throw corrupt('a class descriptor was expected');
  }

  private classDescAfterTag(tc: number, depth: number): ClassDesc {
    if (tc === TC.PROXYCLASSDESC) {
      const desc: ClassDesc = { kind: 'classdesc', name: '$Proxy', flags: SC_SERIALIZABLE, fields: [], superDesc: null };
      this.register(desc);
      const count = this.r.i32();
      for (let i = 0; i < count; i++) this.r.utf();
      this.annotation(depth);
      desc.superDesc = this.classDesc(depth + 1);
      return desc;
    }
    const name = this.r.utf();
    this.r.i64(); // serialVersionUID
    const desc: ClassDesc = { kind: 'classdesc', name, flags: 0, fields: [], superDesc: null };
    this.register(desc);
    desc.flags = this.r.u8();
    const count = this.r.u16();
    for (let i = 0; i < count; i++) {
      const code = String.fromCharCode(this.r.u8());
      const fieldName = this.r.utf();
      let type = code;
      if (code === 'L' || code === '[') {
        const className = this.content(depth + 1);
        if (typeof className !== 'string') throw corrupt('a serialized field has no type name');
        type = className;
      }
      desc.fields.push({ type, name: fieldName });
    }
    this.annotation(depth);
    desc.superDesc = this.classDesc(depth + 1);
    return desc;
  }

  /** Skips class or object annotations up to TC_ENDBLOCKDATA. */
  private annotation(depth: number): void {
    for (;;) {
      const tc = this.r.peekU8();
      if (tc === TC.ENDBLOCKDATA) {
        this.r.u8();
        return;
      }
      this.content(depth + 1); // block data is skipped there too
    }
  }

  private longString(): string {
    const len = this.r.i64();
    if (len < 0n || len > BigInt(this.r.remaining)) throw corrupt('a serialized string is too long');
    return this.r.bytes(Number(len)).toString('utf8');
  }

  private reference(): unknown {
    const idx = this.r.i32() - BASE_HANDLE;
    if (idx < 0 || idx >= this.handles.length) throw corrupt('a serialized reference points nowhere');
    return this.handles[idx];
  }

  private register<T>(v: T): T {
    this.handles.push(v);
    return v;
  }

  private reserve(): number {
    this.handles.push(null);
    return this.handles.length - 1;
  }

  private fill<T>(slot: number, v: T): T {
    this.handles[slot] = v;
    return v;
  }
}

function isClassDesc(v: unknown): v is ClassDesc {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'classdesc';
}
