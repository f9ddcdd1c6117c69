// 代办: a member of staff filling applications in for a citizen at a desk. Rust keeps who it
// is and records it with the next submit (only while that person is still logged in); this is
// what the screens show.
import * as api from "./api";
import type { AssistedBy } from "./types";

export const assist = $state<{ by: AssistedBy | null }>({ by: null });

export async function startAssisting(): Promise<void> {
  assist.by = await api.clerkStartAssisting();
}

export async function stopAssisting(): Promise<void> {
  assist.by = null;
  await api.clerkStopAssisting().catch((e) => console.error("stop assisting", e));
}
