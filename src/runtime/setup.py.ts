/**
 * Python side of the instrumentation, run once per interpreter before any user code.
 * It only wires things up: registers the JS-backed builtins as sys.monitoring callbacks,
 * compiles the user's source, and runs it. Nothing here runs while user code runs
 * (the callbacks are JS), so nothing here can disturb the user's heap mid-run.
 */
/**
 * sys.monitoring tool id. 5 is the id CPython names OPTIMIZER_ID: the one a student's
 * program is least likely to claim (0-2 are debugger, coverage, profiler; 3-4 are free).
 */
export const TOOL_ID = 5;
export const USER_FILENAME = 'main.py';

/**
 * The program's globals, as `python main.py` has them: the dict of a new module that is
 * `sys.modules['__main__']` (CPython's module_init_dict and _PyRun_SimpleFileObject), with
 * no docstring, package or spec, then the builtins, the file's name and loader, and
 * `__cached__`; `sys.argv` is `['main.py']`. Without `__doc__` and the rest,
 * `print(__doc__)` found the builtins module's; without the module in `sys.modules`,
 * pickle could not find a class the program defined (it looks it up as `__main__.C`), nor
 * could `import __main__`, dataclasses or typing's get_type_hints. The uninstrumented
 * baseline (tests/support/plainRun.ts) makes its globals with the same function.
 */
export const MAIN_GLOBALS_PY = String.raw`
def main_globals():
    import builtins, sys, types
    module = types.ModuleType('__main__')
    g = module.__dict__
    g['__loader__'] = sys.modules['_frozen_importlib_external'].SourceFileLoader('__main__', '${USER_FILENAME}')
    g.update({'__builtins__': builtins, '__file__': '${USER_FILENAME}', '__cached__': None})
    sys.modules['__main__'] = module
    sys.argv = ['${USER_FILENAME}']
    return g
`;

export const SETUP_PY = String.raw`
import sys, builtins, gc, json, linecache, types

_M = sys.monitoring
TOOL = ${TOOL_ID}
FILENAME = '${USER_FILENAME}'


class RefscopeStop(BaseException):
    """Raised by Refscope at a step or time budget, or on Stop."""


def _take(name):
    value = getattr(sys, name)
    delattr(sys, name)
    return value


_line, _start, _jump, _raise, _probe_cb, _sleep, _input = (
    _take('_rs_line'), _take('_rs_start'), _take('_rs_jump'), _take('_rs_raise'),
    _take('_rs_probe'), _take('_rs_sleep'), _take('_rs_input'))

# time.sleep waits in JavaScript, where the time budget and Stop can end it (Pyodide's own
# sleep blocks with no way to interrupt it). input() has no keyboard to read from and says
# so. Both stand-ins look like the builtins they replace (wasm.ts, makeStandIn).
import time
time.sleep = _sleep
builtins.input = _input
del time

# An interpreter restored from a memory snapshot starts with the random module's state as the
# snapshot left it (Pyodide imports random while it loads): every run would draw the same
# numbers, where Pyodide loaded in full draws new ones. Reseeded from the system's entropy
# (the browser's crypto.getRandomValues), as the module does when it is imported.
import random
random.seed()
del random

_M.use_tool_id(TOOL, 'refscope')

_M.register_callback(TOOL, _M.events.LINE, _line)
_M.register_callback(TOOL, _M.events.PY_START, _start)
_M.register_callback(TOOL, _M.events.JUMP, _jump)
_M.register_callback(TOOL, _M.events.RAISE, _raise)

${MAIN_GLOBALS_PY}

_state = {}
_EVENTS = _M.events.LINE | _M.events.PY_START


def _events(code):
    # JUMP is heard only where it adds a step: a backward jump that stays on its line
    # (\`while True: pass\`, a one-line comprehension), which CPython reports without a LINE.
    # Anywhere else a LINE follows every jump back, and a JUMP callback would only cost
    # time (one more call per loop iteration). dis is already imported at start-up.
    import dis
    lines = {}
    back = []
    for i in dis.get_instructions(code):
        lines[i.offset] = i.line_number
        if i.opname.startswith('JUMP_BACKWARD'):
            back.append(i)
    for j in back:
        if j.line_number is None or lines.get(j.jump_target) in (None, j.line_number):
            return _EVENTS | _M.events.JUMP
    return _EVENTS


def probe(a):
    _probe_cb(probe.__code__, a)


_PROBE_TUPLE = (object(),)


def ids():
    return json.dumps({'none': id(None), 'stop': id(RefscopeStop), 'cell': id(types.CellType), 'valueError': id(ValueError),
                       'runtimeError': id(RuntimeError),
                       'preview': {'int': id(int), 'float': id(float), 'str': id(str), 'bool': id(bool),
                                   'tuple': id(tuple), 'noneType': id(type(None)), 'true': id(True)},
                       'containers': {'list': id(list), 'tuple': id(tuple), 'probeTuple': id(_PROBE_TUPLE),
                                      'probeItem': id(_PROBE_TUPLE[0]), 'dict': id(dict), 'set': id(set),
                                      'frozenset': id(frozenset), 'function': id(types.FunctionType)},
                       'output': _output_ids(),
                       'version': sys.version.split()[0]})


def _output_ids():
    # print, the stream objects and TextIOWrapper's write/flush descriptors, for outputPath.ts.
    t = type(sys.stdout)
    methods = [vars(t).get(n) for n in ('write', 'flush')] if t.__name__ == 'TextIOWrapper' else []
    return {'streams': [id(sys.stdout), id(sys.stderr)], 'print': id(builtins.print),
            'methods': [id(d) for d in methods if isinstance(d, types.MethodDescriptorType)]}


def _walk(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _walk(const)


def _slot_names(code):
    names = list(code.co_varnames)
    names += [n for n in code.co_cellvars if n not in code.co_varnames]
    names += list(code.co_freevars)
    try:
        names = [code._varname_from_oparg(i) for i in range(len(names))]
    except Exception:
        pass
    return names


def _error(e, tb):
    try:
        message = str(e)
    except BaseException:
        message = '<unprintable %s>' % type(e).__name__
    line = tb[-1]['line'] if tb else getattr(e, 'lineno', None)
    return {'type': type(e).__name__, 'message': message, 'line': line, 'traceback': tb}


def prepare(src):
    try:
        code = compile(src, FILENAME, 'exec', dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        err = _error(e, [])
        if isinstance(e, SyntaxError):
            err['message'] = e.msg
        text = ''.join(__import__('traceback').format_exception_only(e))
        return json.dumps({'error': err, 'text': text})
    linecache.cache[FILENAME] = (len(src), None, src.splitlines(True), FILENAME)
    codes = []
    events = _state['events'] = {}
    # dis reads co_code, which CPython caches on the code object (a bytes object kept for
    # the code's lifetime): look at a second, throwaway compilation instead, so that the
    # user's code objects stay as an uninstrumented run would have them.
    twin = compile(src, FILENAME, 'exec', dont_inherit=True)
    for c, t in zip(_walk(code), _walk(twin)):
        events[id(c)] = _events(t)
        _M.set_local_events(TOOL, c, events[id(c)])
        names = _slot_names(c)
        cells = set(c.co_cellvars) | set(c.co_freevars)
        codes.append({'id': id(c), 'name': c.co_name, 'names': names,
                      'cells': [2 if n.startswith('__') and n.endswith('__') else 1 if n in cells else 0
                                for n in names]})
    del twin, t
    g = main_globals()
    _state['code'] = code
    # What Python's exit needs (boot.ts runExit), taken now: nothing is allocated for it once
    # the program runs. The program's globals are kept by its module, in sys.modules.
    import atexit
    _state['exit'] = (atexit._run_exitfuncs, atexit._ncallbacks, sys.modules, '__main__')
    # Pyodide imports logging, which registers its shutdown with atexit; python main.py starts
    # with nothing registered. Pyodide never exits, so nothing of its own is lost.
    atexit._clear()
    # The program's file, where python main.py would have it: a program that reads
    # itself (open(__file__)) finds its source.
    with open(FILENAME, 'w', encoding='utf-8') as f:
        f.write(src)
    result = json.dumps({'codes': codes, 'globals': id(g), 'code': id(code), 'state': id(_state), 'exit': id(_state['exit'])})
    # Start every program from a collected heap: the cyclic GC then runs at the same
    # points of the program whatever the set-up allocated before (tests/support/plainRun.ts
    # does the same for the uninstrumented baseline).
    gc.collect()
    # RAISE can only be watched globally; the callback ignores code that is not the user's.
    _M.set_events(TOOL, _M.events.RAISE)
    return result


def _describe(e):
    if isinstance(e, RefscopeStop):
        return {'stop': True}
    if isinstance(e, KeyboardInterrupt):
        return {'interrupted': True}
    if isinstance(e, SystemExit) and (e.code is None or e.code == 0):
        return {'exit': 0}
    tb = []
    t = e.__traceback__
    while t is not None:
        if t.tb_frame.f_code.co_filename == FILENAME:
            tb.append({'line': t.tb_lineno, 'function': t.tb_frame.f_code.co_name})
        t = t.tb_next
    import traceback
    summary = traceback.StackSummary.from_list(
        [(FILENAME, f['line'], f['function'], linecache.getline(FILENAME, f['line']).strip()) for f in tb])
    err = _error(e, _collapse(tb))
    if isinstance(e, SystemExit):
        return {'error': err, 'text': ''}
    # CPython's own layout, "[Previous line repeated N more times]" included.
    lines = ['Traceback (most recent call last):\n'] + summary.format()
    lines += traceback.format_exception_only(e)
    return {'error': err, 'text': ''.join(lines)}


def _collapse(tb):
    # As CPython prints tracebacks: a frame repeated more than 3 times in a row is kept 3 times.
    out = []
    for f in tb:
        if len(out) >= 3 and out[-1] == f and out[-2] == f and out[-3] == f:
            continue
        out.append(f)
    return out


def _disturbed(codes):
    # The program may have reconfigured the instrumentation; say so rather than show a
    # trace that silently misses events.
    problems = []
    if _M.get_tool(TOOL) != 'refscope':
        problems.append('freed sys.monitoring tool %d' % TOOL)
    else:
        for event, callback in ((_M.events.LINE, _line), (_M.events.PY_START, _start), (_M.events.JUMP, _jump)):
            if _M.register_callback(TOOL, event, callback) is not callback:
                problems.append('replaced a sys.monitoring callback of tool %d' % TOOL)
                break
        for c in codes:
            if _M.get_local_events(TOOL, c) != _state['events'].get(id(c)):
                problems.append('changed the sys.monitoring events of tool %d' % TOOL)
                break
        if _M.get_events(TOOL) != _M.events.RAISE:
            problems.append('changed the global sys.monitoring events of tool %d' % TOOL)
        _M.set_events(TOOL, 0)
    return problems


def describe():
    # How the program's code ended, which JavaScript ran with no frame of Refscope's under it
    # (boot.ts runProgram); what it raised is in _state['exc'] meanwhile. Read, not taken:
    # JavaScript drops the exception itself, at Python's exit or after finish(), so that what
    # it alone kept alive (an un-awaited coroutine that warns) goes with no frame of ours running.
    e = _state.get('exc')
    return json.dumps({} if e is None else _describe(e))


def finish():
    # After the program and its exit, the tracer off.
    code = _state.pop('code')
    del _state['exit']
    codes = list(_walk(code))
    outcome = {}
    problems = _disturbed(codes)
    if problems:
        outcome['disturbed'] = problems
    outcome['bytecode'] = _bytecode(codes)
    return json.dumps(outcome)


MAX_INSTRUCTIONS = 50000


def _bytecode(codes):
    # After the run: importing dis and walking instructions allocates, which must not
    # happen while the program is being traced.
    if sum(len(c.co_code) for c in codes) // 2 > MAX_INSTRUCTIONS:
        return None
    import dis
    out = []
    total = 0
    for c in codes:
        instructions = []
        for i in dis.get_instructions(c):
            instructions.append([i.offset, i.opname, i.argrepr, i.line_number])
        total += len(instructions)
        if total > MAX_INSTRUCTIONS:
            return None
        out.append({'name': c.co_qualname, 'firstLine': c.co_firstlineno, 'instructions': instructions})
    return out
`;
