import { DataSource } from 'typeorm';

/** Where a standby is in the primary's WAL: received and replayed, in bytes; null on a primary. */
export interface StandbyPosition {
  inRecovery: boolean;
  receivedLsn: bigint | null;
  replayedLsn: bigint | null;
  lastReplayedAt: Date | null;
}

export async function standbyPosition(replica: DataSource): Promise<StandbyPosition> {
  const [row] = (await replica.query(
    `SELECT pg_is_in_recovery() AS "inRecovery",
            pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0')::text AS "receivedLsn",
            pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::text AS "replayedLsn",
            pg_last_xact_replay_timestamp() AS "lastReplayedAt"`,
  )) as {
    inRecovery: boolean;
    receivedLsn: string | null;
    replayedLsn: string | null;
    lastReplayedAt: Date | null;
  }[];
  const lsn = (value: string | null) => (value === null ? null : BigInt(value.split('.')[0]));
  return {
    inRecovery: row.inRecovery,
    receivedLsn: lsn(row.receivedLsn),
    replayedLsn: lsn(row.replayedLsn),
    lastReplayedAt: row.lastReplayedAt,
  };
}
