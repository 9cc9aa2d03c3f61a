import { TRANSACTION_HORIZON_SQL } from '@tutela/persistence';
import { Client } from 'pg';
import { isolatedEnvironment } from '../support/isolated-database';

// The horizon that sync pulls and the statistics refresh read below: held back by a writing transaction of this
// database, not by one of another database on the same server.
describe('TRANSACTION_HORIZON_SQL', () => {
  const clients: Client[] = [];
  let here: string;
  let elsewhere: string;

  beforeAll(async () => {
    here = process.env.DATABASE_URL as string;
    elsewhere = (await isolatedEnvironment('horizon')).DATABASE_URL;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
  });

  async function connect(url: string): Promise<Client> {
    const client = new Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }

  /** A transaction left open with an xid of its own (what a write takes). */
  async function openWriter(url: string): Promise<{ xid: bigint; end(): Promise<void> }> {
    const client = await connect(url);
    await client.query('BEGIN');
    const [{ xid }] = (await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows;
    return { xid: BigInt(xid), end: async () => void (await client.query('ROLLBACK')) };
  }

  const horizon = async (reader: Client) => BigInt((await reader.query<{ h: string }>(`SELECT ${TRANSACTION_HORIZON_SQL}::text AS h`)).rows[0].h);

  /** A transaction of this database that takes an xid and commits (a case write): its changes are below the horizon once it is past it. */
  const committedWrite = async (client: Client) => BigInt((await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid);

  it('stays at a writing transaction of this database until it ends', async () => {
    const reader = await connect(here);
    const writer = await openWriter(here);
    const later = await committedWrite(reader);
    expect(await horizon(reader)).toBeLessThanOrEqual(writer.xid);
    await writer.end();
    expect(await horizon(reader)).toBeGreaterThan(later);
  });

  it('passes a writing transaction of another database that is still running', async () => {
    const reader = await connect(here);
    const writer = await openWriter(elsewhere);
    try {
      const later = await committedWrite(reader);
      expect(await horizon(reader)).toBeGreaterThan(later);
      // The server-wide snapshot is held back by it: what the expression improves on.
      const [{ xmin }] = (await reader.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')).rows;
      expect(BigInt(xmin)).toBeLessThanOrEqual(writer.xid);
    } finally {
      await writer.end();
    }
  });
});
