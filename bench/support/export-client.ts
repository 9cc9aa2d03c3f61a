/** `POST /exports` then polls `GET /exports/:id` until the job is done; returns the rows written. */
export async function exportAndWait(base: string, token: string, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${base}/api/v1/exports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`export request failed: ${res.status} ${await res.text()}`);
  const id = ((await res.json()) as { data: { id: string } }).data.id;
  return waitForExport(base, token, id);
}

export async function waitForExport(base: string, token: string, id: string): Promise<number> {
  for (;;) {
    const res = await fetch(`${base}/api/v1/exports/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { data: { status: string; progress: { done: number }; error: string | null } };
    if (body.data.status === 'done') return body.data.progress.done;
    if (body.data.status === 'failed') throw new Error(`export failed: ${body.data.error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
