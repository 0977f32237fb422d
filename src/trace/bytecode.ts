/**
 * The bytecode of a step: which code object it ran in, which of its instructions belong
 * to the step's line, and which of those are of a kind that creates or releases objects.
 * The marks are by instruction kind (a CALL can create an object, a STORE can drop the
 * last reference to the old value); they are shown only at steps where the trace saw
 * objects created or destroyed. Pure functions over `TraceData`.
 */
import { eventsAt, lineAt } from './lifetimes';
import type { BytecodeData, CodeBytecode, Instruction, TraceData } from './types';

/**
 * The program's bytecode as the worker's `dis` walk hands it over and as the trace file
 * stores it: one `[offset, opname, argrepr, line]` tuple per instruction. The tuple order
 * is fixed here, once, for both.
 */
export interface BytecodeTuples {
  codes: Array<{
    name: string;
    firstLine: number;
    /** [offset, opname, argrepr, line] per instruction. */
    instructions: Array<[number, string, string, number | null]>;
  }>;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Instruction tuples → the model's instructions, with `stepCode` the per-step code index.
 * Lenient on values (a file may come from elsewhere): a missing argrepr reads as '', a
 * line that is not an integer as null. The caller checks the structure.
 */
export function decodeBytecode(codes: BytecodeTuples['codes'], stepCode: Int32Array): BytecodeData {
  return {
    codes: codes.map((c) => ({
      name: String(c.name),
      firstLine: isInt(c.firstLine) ? c.firstLine : 0,
      instructions: c.instructions.map(([offset, opname, argrepr, line]) => ({
        offset: Number(offset),
        opname: String(opname),
        argrepr: String(argrepr ?? ''),
        line: isInt(line) ? line : null,
      })),
    })),
    stepCode,
  };
}

/** The model's bytecode → instruction tuples (the inverse of `decodeBytecode`). */
export function encodeBytecode(bc: BytecodeData): BytecodeTuples {
  return {
    codes: bc.codes.map((c) => ({
      name: c.name,
      firstLine: c.firstLine,
      instructions: c.instructions.map((i) => [i.offset, i.opname, i.argrepr, i.line] as [number, string, string, number | null]),
    })),
  };
}

/** What an instruction of this kind can do to objects. */
export type InstructionEffect = 'creates' | 'releases' | null;

const CREATES = /^(CALL|BUILD_|BINARY_OP|BINARY_SLICE|MAKE_FUNCTION|MAKE_CELL|GET_ITER|GET_AITER|FOR_ITER|FORMAT_|CONVERT_VALUE|IMPORT_|LOAD_ATTR|LOAD_SUPER_ATTR|UNARY_NEGATIVE|UNARY_INVERT|RAISE_VARARGS|LIST_TO_TUPLE)/;
const RELEASES = /^(STORE_|DELETE_|POP_TOP|POP_ITER|END_FOR|POP_EXCEPT|RETURN_VALUE|RETURN_GENERATOR|RERAISE|END_SEND|CLEANUP_THROW)/;

/** The kind of effect an opcode can have on object lifetimes (by name, not by what it did). */
export function instructionEffect(opname: string): InstructionEffect {
  if (CREATES.test(opname)) return 'creates';
  if (RELEASES.test(opname)) return 'releases';
  return null;
}

export interface StepBytecode {
  code: CodeBytecode;
  /** Index of the code object in `trace.bytecode.codes`. */
  codeIndex: number;
  /** Source line of the step. */
  line: number | null;
  /** Objects were created during the step (temporaries included). */
  created: boolean;
  /** Objects were destroyed during the step. */
  destroyed: boolean;
}

/** The code object of `step` and what happened at it, or null when the trace has no bytecode for it. */
export function bytecodeAt(t: TraceData, step: number): StepBytecode | null {
  const bc = t.bytecode;
  if (!bc || step < 0 || step >= bc.stepCode.length) return null;
  const codeIndex = bc.stepCode[step] ?? -1;
  const code = bc.codes[codeIndex];
  if (!code) return null;
  const ev = eventsAt(t, step);
  return { code, codeIndex, line: lineAt(t, step), created: ev.born.length > 0, destroyed: ev.died.length > 0 };
}

/**
 * The mark an instruction gets at a step: only instructions of the step's line, only the
 * effect the step showed (creation when objects were born, release when some died).
 */
export function instructionMark(ins: Instruction, at: StepBytecode): InstructionEffect {
  if (ins.line === null || ins.line !== at.line) return null;
  const effect = instructionEffect(ins.opname);
  if (effect === 'creates' && at.created) return effect;
  if (effect === 'releases' && at.destroyed) return effect;
  return null;
}
