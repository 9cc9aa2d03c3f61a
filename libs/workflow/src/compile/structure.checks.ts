import { DefinitionProblem } from '../definition/workflow-problem.types';
import { isIsoDuration } from '../time/iso-duration';
import { escapePointer } from './ajv.factory';
import { LooseRecord, asString, fromStates, isRecord, recordsOf } from './loose-access';



/** Each state id, transition name, timer name and approval type must be unique within the definition. */
export function checkUniqueIds(definition: LooseRecord): DefinitionProblem[] {
  const lists: Array<[string, string, string]> = [
    ['states', 'id', 'state'],
    ['transitions', 'name', 'transition'],
    ['timers', 'name', 'timer'],
    ['approvals', 'type', 'approval type'],
  ];
  return lists.flatMap(([list, key, what]) => {
    const seen = new Set<string>();
    return recordsOf(definition[list]).flatMap(([index, item]): DefinitionProblem[] => {
      const id = asString(item[key]);
      if (id === undefined) return [];
      if (!seen.has(id)) {
        seen.add(id);
        return [];
      }
      return [{ path: `/${list}/${index}/${key}`, code: 'duplicate_id', message: `duplicate ${what} "${id}"` }];
    });
  });
}

/** The initial state and every state named by a transition, timer or approval type must be declared. */
export function checkStateReferences(definition: LooseRecord, states: ReadonlySet<string>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const expect = (value: unknown, path: string, what: string): void => {
    const state = asString(value);
    if (state !== undefined && !states.has(state)) {
      problems.push({ path, code: 'unknown_state', message: `${what} "${state}" is not a declared state` });
    }
  };
  expect(definition.initialState, '/initialState', 'initial state');
  for (const [index, transition] of recordsOf(definition.transitions)) {
    for (const [state, suffix] of fromStates(transition.from)) expect(state, `/transitions/${index}/from${suffix}`, 'source state');
    expect(transition.to, `/transitions/${index}/to`, 'target state');
  }
  for (const [index, timer] of recordsOf(definition.timers)) expect(timer.state, `/timers/${index}/state`, 'timer state');
  for (const [index, approval] of recordsOf(definition.approvals)) {
    const requestable = Array.isArray(approval.requestableIn) ? approval.requestableIn : [];
    requestable.forEach((state, k) => expect(state, `/approvals/${index}/requestableIn/${k}`, 'state'));
  }
  return problems;
}

/**
 * Graph rules: every state reachable from the initial one, every non-final state with a way out (else cases get
 * stuck there), and at least one final state (else no case can ever be closed).
 */
export function checkGraph(definition: LooseRecord, states: ReadonlySet<string>): DefinitionProblem[] {
  const edges = new Map<string, Set<string>>();
  for (const [, transition] of recordsOf(definition.transitions)) {
    const to = asString(transition.to);
    for (const [from] of fromStates(transition.from)) {
      if (!edges.has(from)) edges.set(from, new Set());
      if (to !== undefined) edges.get(from)?.add(to);
    }
  }
  const problems: DefinitionProblem[] = [];
  const initial = asString(definition.initialState);
  const reached = new Set<string>();
  if (initial !== undefined && states.has(initial)) {
    const queue = [initial];
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      if (reached.has(state)) continue;
      reached.add(state);
      queue.push(...(edges.get(state) ?? []));
    }
  }
  const stateRecords = recordsOf(definition.states);
  for (const [index, state] of stateRecords) {
    const id = asString(state.id);
    if (id === undefined) continue;
    if (reached.size > 0 && !reached.has(id)) {
      problems.push({ path: `/states/${index}`, code: 'unreachable_state', message: `state "${id}" cannot be reached from the initial state` });
    }
    if (state.final !== true && !edges.has(id)) {
      problems.push({ path: `/states/${index}`, code: 'dead_end_state', message: `state "${id}" is not final and no transition leaves it` });
    }
  }
  if (stateRecords.length > 0 && !stateRecords.some(([, state]) => state.final === true)) {
    problems.push({ path: '/states', code: 'no_final_state', message: 'no state is final: cases could never be closed' });
  }
  return problems;
}

/** Timer durations must be whole-number ISO-8601 durations, for every value and the default. */
export function checkDurations(definition: LooseRecord): DefinitionProblem[] {
  return recordsOf(definition.timers).flatMap(([index, timer]) => {
    const base = `/timers/${index}/duration`;
    const candidates: Array<[unknown, string]> = isRecord(timer.duration)
      ? [
          ...Object.entries(isRecord(timer.duration.values) ? timer.duration.values : {}).map(
            ([key, value]): [unknown, string] => [value, `${base}/values/${escapePointer(key)}`],
          ),
          [timer.duration.default, `${base}/default`],
        ]
      : [[timer.duration, base]];
    return candidates.flatMap(([value, path]): DefinitionProblem[] =>
      typeof value === 'string' && !isIsoDuration(value)
        ? [{ path, code: 'invalid_duration', message: `"${value}" is not an ISO-8601 duration with whole numbers (e.g. PT24H, P7D)` }]
        : [],
    );
  });
}
