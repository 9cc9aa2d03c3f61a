import { JOB_KEYS } from '@tutela/cases';
import { assertOneHandlerPerJob } from './job-dispatcher';

const handler = async () => undefined;

describe('assertOneHandlerPerJob', () => {
  const complete = () => new Map(JOB_KEYS.map((key) => [key, [handler]]));

  it('accepts exactly one handler per job of the contract', () => {
    expect([...assertOneHandlerPerJob(complete() as never).keys()]).toEqual([...JOB_KEYS]);
  });

  it('refuses a missing handler, a duplicate and a job outside the contract, naming each', () => {
    const found = complete() as Map<string, Array<typeof handler>>;
    found.set(JOB_KEYS[0], [handler, handler]);
    found.set('system:unknown', [handler]);
    expect(() => assertOneHandlerPerJob(found as never)).toThrow(/system:diagnostic: 2 handlers[\s\S]*system:unknown: not in the queue contract/);
    found.delete(JOB_KEYS[0]);
    expect(() => assertOneHandlerPerJob(found as never)).toThrow(/system:diagnostic: 0 handlers/);
  });
});
