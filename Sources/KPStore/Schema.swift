import GRDB

/// The census database schema: named, append-only migrations (never edit one
/// that has shipped; add the next). docs/database.md documents each table.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-census-runs") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                  id INTEGER PRIMARY KEY,
                  kind TEXT NOT NULL,
                  started_at TEXT NOT NULL,
                  ended_at TEXT,
                  complete INTEGER NOT NULL DEFAULT 0,
                  tool_version TEXT NOT NULL,
                  filter TEXT,
                  packets INTEGER NOT NULL DEFAULT 0,
                  bytes INTEGER NOT NULL DEFAULT 0,
                  first_packet TEXT,
                  last_packet TEXT,
                  truncated_packets INTEGER NOT NULL DEFAULT 0,
                  undecodable_packets INTEGER NOT NULL DEFAULT 0,
                  non_ip_packets INTEGER NOT NULL DEFAULT 0,
                  fragment_packets INTEGER NOT NULL DEFAULT 0,
                  fragment_datagrams INTEGER NOT NULL DEFAULT 0,
                  flows_tcp INTEGER NOT NULL DEFAULT 0,
                  flows_udp INTEGER NOT NULL DEFAULT 0,
                  flows_icmp INTEGER NOT NULL DEFAULT 0,
                  flows_other INTEGER NOT NULL DEFAULT 0,
                  flows_tcp_without_handshake INTEGER NOT NULL DEFAULT 0,
                  http_requests INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE sources (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  idx INTEGER NOT NULL,
                  path TEXT NOT NULL,
                  format TEXT NOT NULL,
                  linktype TEXT NOT NULL,
                  packets INTEGER NOT NULL,
                  status TEXT NOT NULL,
                  warning TEXT,
                  PRIMARY KEY (run_id, idx)
                );
                CREATE TABLE hosts (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  addr TEXT NOT NULL,
                  roles TEXT NOT NULL,
                  macs TEXT NOT NULL,
                  names TEXT NOT NULL,
                  packets INTEGER NOT NULL,
                  bytes INTEGER NOT NULL,
                  ord INTEGER NOT NULL,
                  PRIMARY KEY (run_id, addr)
                );
                CREATE TABLE services (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  addr TEXT NOT NULL,
                  port INTEGER NOT NULL,
                  transport TEXT NOT NULL,
                  service TEXT,
                  software TEXT,
                  clients INTEGER NOT NULL,
                  ord INTEGER NOT NULL,
                  PRIMARY KEY (run_id, addr, port, transport)
                );
                CREATE TABLE dns_queries (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  name TEXT NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL);
                CREATE TABLE dns_answers (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  name TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL);
                CREATE TABLE http_hosts (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  host TEXT NOT NULL, requests INTEGER NOT NULL);
                CREATE TABLE tls_names (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  source TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL);
                CREATE TABLE dhcp_leases (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  mac TEXT NOT NULL, addr TEXT, host_name TEXT, vendor_class TEXT);
                CREATE TABLE sites (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  name TEXT NOT NULL, addrs TEXT NOT NULL, evidence TEXT NOT NULL);
                CREATE TABLE estimates (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  quantity TEXT NOT NULL, observed INTEGER NOT NULL, devices INTEGER,
                  estimate REAL NOT NULL, ci_lo REAL NOT NULL, ci_hi REAL NOT NULL, method TEXT NOT NULL,
                  PRIMARY KEY (run_id, quantity));
                CREATE TABLE anomalies (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  code TEXT NOT NULL, kind TEXT NOT NULL, layer TEXT NOT NULL, count INTEGER NOT NULL);
                CREATE TABLE observations (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  kind TEXT NOT NULL, subject TEXT NOT NULL, origin TEXT NOT NULL,
                  source_idx INTEGER NOT NULL, packet INTEGER NOT NULL, time TEXT NOT NULL);
                CREATE INDEX observations_subject ON observations(run_id, kind, subject);
                """)
        }
        // Estimates may be null (too little data) and say why; per-address devices; spread of services.
        m.registerMigration("v2-estimates-devices-spread") { db in
            try db.execute(sql: """
                CREATE TABLE estimates_v2 (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  quantity TEXT NOT NULL, observed INTEGER NOT NULL, devices INTEGER,
                  estimate REAL, ci_lo REAL, ci_hi REAL, method TEXT NOT NULL,
                  reason TEXT, occasions INTEGER NOT NULL DEFAULT 0, models TEXT NOT NULL DEFAULT '[]',
                  PRIMARY KEY (run_id, quantity));
                INSERT INTO estimates_v2 (run_id, quantity, observed, devices, estimate, ci_lo, ci_hi, method)
                  SELECT run_id, quantity, observed, devices, estimate, ci_lo, ci_hi, method FROM estimates;
                DROP TABLE estimates;
                ALTER TABLE estimates_v2 RENAME TO estimates;
                CREATE TABLE client_devices (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  addr TEXT NOT NULL, devices INTEGER NOT NULL, confidence REAL NOT NULL, user_agents INTEGER NOT NULL,
                  PRIMARY KEY (run_id, addr));
                CREATE TABLE service_spread (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  service TEXT NOT NULL, hosts INTEGER NOT NULL, host_share REAL NOT NULL,
                  subnets INTEGER NOT NULL, subnet_share REAL NOT NULL, hhi REAL NOT NULL,
                  PRIMARY KEY (run_id, service));
                ALTER TABLE runs ADD COLUMN spread_prefix INTEGER NOT NULL DEFAULT 16;
                ALTER TABLE runs ADD COLUMN spread_hosts INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE runs ADD COLUMN spread_subnets INTEGER NOT NULL DEFAULT 0;
                """)
        }
        m.registerMigration("v3-activity") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN activity_bucket_ms INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE activity (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  start TEXT NOT NULL, packets INTEGER NOT NULL, bytes INTEGER NOT NULL);
                """)
        }
        m.registerMigration("v4-airgap") { db in
            try db.execute(sql: """
                CREATE TABLE airgap (
                  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                  checked_at TEXT NOT NULL, verdict TEXT NOT NULL, reason TEXT NOT NULL,
                  breaches INTEGER NOT NULL, warnings INTEGER NOT NULL, result_json TEXT NOT NULL);
                """)
        }
        // Active observations name the probe module that made them (null for passive ones).
        m.registerMigration("v5-observation-probe") { db in
            try db.execute(sql: "ALTER TABLE observations ADD COLUMN probe TEXT")
        }
        // What a scan run did (its `scan` inventory section), so a report can show it.
        m.registerMigration("v6-scan") { db in
            try db.execute(sql: """
                CREATE TABLE scans (
                  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                  scope TEXT NOT NULL, probes TEXT NOT NULL, port_scan TEXT, targets INTEGER NOT NULL,
                  probes_sent INTEGER NOT NULL, wildcard_zones TEXT NOT NULL, out_of_scope TEXT NOT NULL,
                  crawled_pages INTEGER NOT NULL, note TEXT);
                CREATE TABLE zone_transfers (
                  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                  server TEXT NOT NULL, zone TEXT NOT NULL, authoritative INTEGER NOT NULL, axfr TEXT,
                  PRIMARY KEY (run_id, server, zone));
                """)
        }
        // nmap's service fingerprints (product, version, info, CPE names as a JSON list) and each
        // service's flows and bytes, for the unnamed share. Older runs read as "none seen".
        m.registerMigration("v7-service-fingerprints") { db in
            try db.execute(sql: """
                ALTER TABLE services ADD COLUMN product TEXT;
                ALTER TABLE services ADD COLUMN version TEXT;
                ALTER TABLE services ADD COLUMN info TEXT;
                ALTER TABLE services ADD COLUMN cpe TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE services ADD COLUMN flows INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE services ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
                """)
        }
        return m
    }
}
