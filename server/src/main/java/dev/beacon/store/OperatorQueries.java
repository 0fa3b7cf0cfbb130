package dev.beacon.store;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The operator's reads of the store (devices, history, silent devices) and the admin token table.
 * Every device list is an index range over {@code records (zone, device_id)}; only a User-Agent
 * substring search has to look at rows the index cannot rule out. Thread-safe.
 */
final class OperatorQueries {

    private static final String RECORD_COLUMNS = """
            zone, label, device_id, ipv4, ipv6, fields, txt, user_agent, source_addr, created_at, updated_at, seq,
            last_seen_at""";

    private final DataSource pool;

    OperatorQueries(DataSource pool) {
        this.pool = pool;
    }

    List<DeviceRow> devices(DeviceQuery query, List<String> zones) throws SQLException {
        List<DeviceRow> out = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            for (String zone : zones) {
                if (query.zone() != null && !query.zone().equals(zone)
                        || query.afterZone() != null && zone.compareTo(query.afterZone()) < 0) {
                    continue;
                }
                String after = zone.equals(query.afterZone()) ? query.afterDevice() : null;
                List<String> ids = deviceIds(c, zone, query.text(), after, query.limit() - out.size());
                out.addAll(rows(c, zone, ids));
                if (out.size() >= query.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    /** One zone's matching device ids after {@code after}, in order: a walk of records_by_device. */
    private static List<String> deviceIds(Connection c, String zone, String text, String after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT device_id FROM records WHERE zone = ?");
        List<String> args = new ArrayList<>();
        args.add(zone);
        if (after != null) {
            sql.append(" AND device_id > ?");
            args.add(after);
        }
        if (text != null) {
            InetAddress address = IpLiteral.parse(text);
            if (address != null) {
                sql.append(" AND (ipv4 = ? OR ipv6 = ?)");
                String canonical = IpLiteral.format(IpLiteral.normalise(address));
                args.add(canonical);
                args.add(canonical);
            } else {
                String lower = escapeLike(text.toLowerCase(Locale.ROOT));
                sql.append(" AND (label LIKE ? ESCAPE '\\' OR lower(device_id) LIKE ? ESCAPE '\\'"
                        + " OR lower(user_agent) LIKE ? ESCAPE '\\')");
                args.add(lower + "%");
                args.add(lower + "%");
                args.add("%" + lower + "%");
            }
        }
        sql.append(" ORDER BY device_id LIMIT ?");
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            ps.setInt(args.size() + 1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The devices' names and last-seen times, in the order of {@code ids}. */
    private static List<DeviceRow> rows(Connection c, String zone, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<NameRecord>> names = new LinkedHashMap<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        ids.forEach(id -> names.put(id, new ArrayList<>()));
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS
                + " FROM records WHERE zone = ? AND device_id IN (" + marks + ") ORDER BY created_at, label")) {
            ps.setString(1, zone);
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 2, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    NameRecord r = JdbcStore.record(rs);
                    names.get(r.device().value()).add(r);
                    seen.merge(r.device().value(), rs.getLong(13), Math::max);
                }
            }
        }
        List<DeviceRow> out = new ArrayList<>();
        names.forEach((id, held) -> {
            // A device whose last name was released between the two statements is left out.
            if (!held.isEmpty()) {
                out.add(new DeviceRow(zone, DeviceId.parse(id), held, seen.get(id)));
            }
        });
        return out;
    }

    DeviceRow device(String zone, DeviceId device) throws SQLException {
        try (Connection c = pool.getConnection()) {
            List<DeviceRow> rows = rows(c, zone, List.of(device.value()));
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    List<HistoryEntry> history(String zone, DeviceId device, int limit) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(JdbcStore.SELECT_JOURNAL.replace(" FROM journal", ", origin FROM journal")
                        + " WHERE zone = ? AND device_id = ? ORDER BY seq DESC LIMIT ?")) {
            ps.setString(1, zone);
            ps.setString(2, device.value());
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(JdbcStore.change(rs), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /**
     * Devices of a zone not heard from since {@code beforeMillis}, longest silent first. A sighting
     * stamps every name of its device, so the oldest rows are the oldest devices: no grouping,
     * one pass that keeps the oldest few.
     */
    List<DeviceRow> silent(String zone, long beforeMillis, int limit) throws SQLException {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id FROM records WHERE zone = ?"
                    + " AND last_seen_at < ? ORDER BY last_seen_at, device_id LIMIT ?")) {
                ps.setString(1, zone);
                ps.setLong(2, beforeMillis);
                // A device with several names has a row for each.
                ps.setInt(3, limit * 4);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && ids.size() < limit) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<DeviceRow> rows = new ArrayList<>(rows(c, zone, List.copyOf(ids)));
            rows.sort(java.util.Comparator.comparingLong(DeviceRow::lastSeenMillis));
            return rows;
        }
    }

    AdminToken adminToken(String hash) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name, scope, created_at FROM admin_tokens WHERE hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? token(rs) : null;
            }
        }
    }

    List<AdminToken> adminTokens() throws SQLException {
        List<AdminToken> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name, scope, created_at FROM admin_tokens ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(token(rs));
            }
        }
        return out;
    }

    /** False when a token of that name exists already. */
    boolean addAdminToken(AdminToken token, String hash) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO admin_tokens (name, scope, hash, created_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, token.name());
            ps.setString(2, token.scope().text());
            ps.setString(3, hash);
            ps.setLong(4, token.createdMillis());
            return ps.executeUpdate() == 1;
        }
    }

    boolean revokeAdminToken(String name) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM admin_tokens WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        }
    }

    private static AdminToken token(ResultSet rs) throws SQLException {
        return new AdminToken(rs.getString(1), AdminToken.Scope.parse(rs.getString(2)), rs.getLong(3));
    }
}
