;; Refscope's reference tracer, in WebAssembly: CPython calls it for every object created
;; and destroyed (`_PyRefTracer_SetTracer`), wasm to wasm, with no JavaScript on the way.
;;
;; It shares Pyodide's linear memory (imported) and writes each event as a 24-byte record
;; into a buffer the engine reserved once per interpreter, before any program runs
;; (./tracerWasm.ts says why that reservation is harmless). JavaScript drains the buffer
;; into the recorder's columns whenever one of its own callbacks runs (every line), and
;; through the imported `drain` when the buffer is full: once per buffer, not per event.
;;
;; Built by `npm run wasm` (scripts/build-wasm.ts, wabt's wat2wasm) into ./tracer.wasm.ts;
;; a test checks that file is this source assembled. The JavaScript tracer it replaces,
;; Recorder.onRef in ./recorder.ts, is the reference: tests compare the two traces.
;;
;; State block at $state (32-bit words, byte offsets; JavaScript reads and writes it too):
;;    0 active     events are recorded (the recorder is recording and the first line ran)
;;    4 step       current step
;;    8 ignore1    a boxed line number whose destruction is the instrumentation's, not the
;;   12 ignore2      program's (Recorder.retractLineInt)
;;   16 count      records in the buffer
;;   20 capacity   records the buffer holds
;;   24 buffer     address of the first record
;;   28 pendObj    the last creation, whose third word is read again at the next event
;;   32 pendSlot   where that word goes: its record in the buffer, or 0 once JavaScript
;;                 has drained the record (then the value goes to `settled`)
;;   36 settled    1: `settledValue` belongs to the drained pending record
;;   40 settledValue
;;   44 depth      frames on the recorder's shadow stack (more than 256: onStart asks JS)
;;   48 frameSlot  address of the thread state's current-frame pointer
;;   52 outputOpen an output window is open (Recorder.closeOutputWindow must run)
;;   56 lastObj    object of the last record already drained (0: none)
;;   60 lastCreate 1 if that record is a creation
;;   64 none       address of None, what a sys.monitoring callback returns
;;  128 stack      the shadow stack's frame addresses (256 words)
;;
;; Record (byte offsets): 0 step << 1 | event, 4 object, 8 type pointer, 12 third word,
;; 16 malloc chunk size of its block (0 when not an in-use chunk), 20 block start.
;; The last two are read at the event because the block is gone by the time JavaScript
;; looks (./blocks.ts: blockStart, chunkAt).
(module
  (import "env" "memory" (memory 1))
  (import "recorder" "drain" (func $drain))
  (import "recorder" "state" (global $state i32))
  ;; Recorder.onStart in JavaScript, for the calls the fast path below cannot answer.
  (import "recorder" "start" (func $start (param i32 i32 i32) (result i32)))

  ;; `int tracer(PyObject *obj, PyRefTracerEvent event, void *data)`: event 0 created, 1 destroyed.
  (func (export "onRef") (param $obj i32) (param $event i32) (param $data i32) (result i32)
    (local $s i32) (local $at i32) (local $type i32) (local $flags i32) (local $block i32)
    (local $head i32) (local $pend i32)
    (local.set $s (global.get $state))
    (if (i32.eqz (i32.load offset=0 (local.get $s)))
      (then (return (i32.const 0))))
    ;; The boxed line number's destruction: skip it (once).
    (if (i32.eq (local.get $event) (i32.const 1))
      (then
        (if (i32.eq (local.get $obj) (i32.load offset=8 (local.get $s)))
          (then
            (i32.store offset=8 (local.get $s) (i32.const 0))
            (return (i32.const 0))))
        (if (i32.eq (local.get $obj) (i32.load offset=12 (local.get $s)))
          (then
            (i32.store offset=12 (local.get $s) (i32.const 0))
            (return (i32.const 0))))))
    ;; Settle the last creation's third word, now that CPython has filled it in.
    (local.set $pend (i32.load offset=28 (local.get $s)))
    (if (local.get $pend)
      (then
        (local.set $at (i32.load offset=32 (local.get $s)))
        (if (local.get $at)
          (then (i32.store (local.get $at) (i32.load offset=8 (local.get $pend))))
          (else
            (i32.store offset=40 (local.get $s) (i32.load offset=8 (local.get $pend)))
            (i32.store offset=36 (local.get $s) (i32.const 1))))
        (i32.store offset=28 (local.get $s) (i32.const 0))))
    (if (i32.eq (i32.load offset=16 (local.get $s)) (i32.load offset=20 (local.get $s)))
      (then (call $drain)))
    (local.set $at
      (i32.add
        (i32.load offset=24 (local.get $s))
        (i32.mul (i32.load offset=16 (local.get $s)) (i32.const 24))))
    (local.set $type (i32.load offset=4 (local.get $obj)))
    (i32.store offset=0 (local.get $at)
      (i32.or (i32.shl (i32.load offset=4 (local.get $s)) (i32.const 1)) (local.get $event)))
    (i32.store offset=4 (local.get $at) (local.get $obj))
    (i32.store offset=8 (local.get $at) (local.get $type))
    (i32.store offset=12 (local.get $at) (i32.load offset=8 (local.get $obj)))
    ;; blockStart: GC objects have an 8-byte GC header in front, managed dict/weakref 8 more.
    (local.set $block (local.get $obj))
    (if (local.get $type)
      (then
        (local.set $flags (i32.load offset=84 (local.get $type)))
        (if (i32.and (local.get $flags) (i32.const 16384)) ;; Py_TPFLAGS_HAVE_GC
          (then (local.set $block (i32.sub (local.get $block) (i32.const 8)))))
        (if (i32.and (local.get $flags) (i32.const 24)) ;; MANAGED_DICT | MANAGED_WEAKREF
          (then (local.set $block (i32.sub (local.get $block) (i32.const 8)))))))
    ;; chunkAt: dlmalloc's head word before the block; CINUSE set, 8-aligned, at least 16.
    (local.set $head (i32.load (i32.sub (local.get $block) (i32.const 4))))
    (i32.store offset=16 (local.get $at)
      (select
        (i32.and (local.get $head) (i32.const -8))
        (i32.const 0)
        (i32.and
          (i32.and
            (i32.ne (i32.and (local.get $head) (i32.const 2)) (i32.const 0))
            (i32.eqz (i32.and (local.get $block) (i32.const 7))))
          (i32.ge_u (local.get $head) (i32.const 16)))))
    (i32.store offset=20 (local.get $at) (local.get $block))
    (i32.store offset=16 (local.get $s) (i32.add (i32.load offset=16 (local.get $s)) (i32.const 1)))
    (if (i32.eqz (local.get $event))
      (then
        (i32.store offset=28 (local.get $s) (local.get $obj))
        (i32.store offset=32 (local.get $s) (i32.add (local.get $at) (i32.const 12)))))
    (i32.const 0))

  ;; sys.monitoring PY_START, as a METH_FASTCALL builtin: (self, args = (code, offset), nargs).
  ;; Recorder.onStart does something only when an output window is open, when the boxed
  ;; offset's creation was the last event (it retracts it), or when the new frame sits at an
  ;; address still on the shadow stack (a frame returned unseen). Otherwise, the usual case,
  ;; it changes nothing: answer here, without JavaScript.
  (func (export "onStart") (param $self i32) (param $args i32) (param $nargs i32) (result i32)
    (local $s i32) (local $n i32) (local $last i32) (local $offset i32) (local $frame i32)
    (local $i i32)
    (local.set $s (global.get $state))
    (block $slow
      (br_if $slow (i32.eqz (i32.load offset=0 (local.get $s))))
      (br_if $slow (i32.load offset=52 (local.get $s)))
      ;; Is the last event the creation of the offset's int? (then JS retracts it)
      (local.set $offset (i32.load offset=4 (local.get $args)))
      (local.set $n (i32.load offset=16 (local.get $s)))
      (if (local.get $n)
        (then
          (local.set $last
            (i32.add
              (i32.load offset=24 (local.get $s))
              (i32.mul (i32.sub (local.get $n) (i32.const 1)) (i32.const 24))))
          (br_if $slow
            (i32.and
              (i32.eq (i32.load offset=4 (local.get $last)) (local.get $offset))
              (i32.eqz (i32.and (i32.load (local.get $last)) (i32.const 1))))))
        (else
          (br_if $slow
            (i32.and
              (i32.eq (i32.load offset=56 (local.get $s)) (local.get $offset))
              (i32.ne (i32.load offset=60 (local.get $s)) (i32.const 0))))))
      ;; Is the new frame at an address still on the shadow stack?
      (local.set $i (i32.load offset=44 (local.get $s)))
      (br_if $slow (i32.gt_u (local.get $i) (i32.const 256)))
      (local.set $frame (i32.load (i32.load offset=48 (local.get $s))))
      (block $done
        (loop $scan
          (br_if $done (i32.eqz (local.get $i)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $slow
            (i32.eq
              (i32.load offset=128 (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $frame)))
          (br $scan)))
      (return (i32.load offset=64 (local.get $s))))
    (call $start (local.get $self) (local.get $args) (local.get $nargs)))
)
