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
 * Every device list is an index range, over {@code records (zone, device_id)} or
 * {@code records (zone, last_seen_at, device_id)}; a search looks at the rows of a bounded window
 * of that range. Thread-safe.
 */
final class OperatorQueries {

    private static final String RECORD_COLUMNS = """
            zone, label, device_id, ipv4, ipv6, fields, txt, user_agent, source_addr, created_at, updated_at, seq,
            ipv6_iid, ttl, rrs, txt_set_at, last_seen_at""";

    private final DataSource pool;

    OperatorQueries(DataSource pool) {
        this.pool = pool;
    }

    DevicePage devices(DeviceQuery query, List<String> zones) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return query.order() == DeviceQuery.Order.DEVICE ? byDevice(c, query, zones) : bySeen(c, query);
        }
    }

    private static DevicePage byDevice(Connection c, DeviceQuery query, List<String> zones) throws SQLException {
        DeviceQuery.Position after = query.after();
        List<DeviceRow> out = new ArrayList<>();
        DeviceQuery.Position last = after;
        for (String zone : zones) {
            if (query.zone() != null && !query.zone().equals(zone)
                    || after != null && zone.compareTo(after.zone()) < 0) {
                continue;
            }
            String from = after != null && zone.equals(after.zone()) ? after.device() : null;
            String windowEnd = query.text() == null ? null : windowEnd(c, zone, from, query.window());
            int needed = query.limit() - out.size();
            List<String> ids = deviceIds(c, zone, query.text(), from, windowEnd, needed + 1);
            List<String> page = ids.subList(0, Math.min(needed, ids.size()));
            out.addAll(rows(c, zone, page));
            if (!page.isEmpty()) {
                last = new DeviceQuery.Position(zone, page.get(page.size() - 1), 0);
            }
            if (ids.size() > needed) {
                return new DevicePage(out, last);
            }
            if (windowEnd != null) {
                return new DevicePage(out, new DeviceQuery.Position(zone, windowEnd, 0));
            }
        }
        return new DevicePage(out, null);
    }

    /**
     * The device id at the end of a search's window: the {@code window}th name after {@code from},
     * or null when fewer remain. The window takes every name of that device.
     */
    private static String windowEnd(Connection c, String zone, String from, int window) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT device_id FROM records WHERE zone = ?"
                + (from == null ? "" : " AND device_id > ?") + " ORDER BY device_id LIMIT 1 OFFSET ?")) {
            int i = 1;
            ps.setString(i++, zone);
            if (from != null) {
                ps.setString(i++, from);
            }
            ps.setInt(i, window - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** One zone's matching device ids in ({@code from}, {@code to}], in order: a walk of records_by_device. */
    private static List<String> deviceIds(Connection c, String zone, String text, String from, String to, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT device_id FROM records WHERE zone = ?");
        List<Object> args = new ArrayList<>();
        args.add(zone);
        if (from != null) {
            sql.append(" AND device_id > ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND device_id <= ?");
            args.add(to);
        }
        match(text, sql, args);
        sql.append(" ORDER BY device_id LIMIT ?");
        args.add(limit);
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * One zone's devices by last-seen time, then device id, a walk of records_by_last_seen. A
     * device with several names has a row for each, stamped alike by its sightings; it is listed
     * where its first row falls.
     */
    private static DevicePage bySeen(Connection c, DeviceQuery query) throws SQLException {
        boolean desc = query.order() == DeviceQuery.Order.LAST_SEEN_DESC;
        String zone = query.zone();
        DeviceQuery.Position after = query.after() != null && zone.equals(query.after().zone()) ? query.after() : null;
        String past = desc ? "<" : ">";
        String order = desc ? " ORDER BY last_seen_at DESC, device_id DESC" : " ORDER BY last_seen_at, device_id";
        DeviceQuery.Position windowEnd = null;
        if (query.text() != null) {
            StringBuilder sql = new StringBuilder("SELECT last_seen_at, device_id FROM records WHERE zone = ?");
            List<Object> args = new ArrayList<>(List.of(zone));
            seenAfter(after, past, sql, args);
            sql.append(order).append(" LIMIT 1 OFFSET ?");
            args.add(query.window() - 1);
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                windowEnd = rs.next() ? new DeviceQuery.Position(zone, rs.getString(2), rs.getLong(1)) : null;
            }
        }
        StringBuilder sql = new StringBuilder("SELECT device_id, last_seen_at FROM records WHERE zone = ?");
        List<Object> args = new ArrayList<>(List.of(zone));
        seenAfter(after, past, sql, args);
        if (windowEnd != null) {
            sql.append(" AND (last_seen_at, device_id) ").append(desc ? ">=" : "<=").append(" (?, ?)");
            args.add(windowEnd.seenMillis());
            args.add(windowEnd.device());
        }
        match(query.text(), sql, args);
        // A device with several names has a row for each: read enough rows for the page's devices.
        sql.append(order).append(" LIMIT ?");
        args.add(4 * (query.limit() + 1));
        Map<String, Long> walked = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next() && walked.size() <= query.limit()) {
                walked.putIfAbsent(rs.getString(1), rs.getLong(2));
            }
        }
        List<String> ids = new ArrayList<>(walked.keySet());
        List<String> page = ids.subList(0, Math.min(query.limit(), ids.size()));
        List<DeviceRow> out = rows(c, zone, page);
        if (ids.size() > query.limit()) {
            String last = page.get(page.size() - 1);
            return new DevicePage(out, new DeviceQuery.Position(zone, last, walked.get(last)));
        }
        return new DevicePage(out, windowEnd);
    }

    /** Rows past a position in a last-seen order ({@code past} is {@code >} ascending, {@code <} descending). */
    private static void seenAfter(DeviceQuery.Position after, String past, StringBuilder sql, List<Object> args) {
        if (after != null) {
            sql.append(" AND (last_seen_at, device_id) ").append(past).append(" (?, ?)");
            args.add(after.seenMillis());
            args.add(after.device());
        }
    }

    /** What a search matches: an address exactly; else a name or device id prefix, or a User-Agent substring. */
    private static void match(String text, StringBuilder sql, List<Object> args) {
        if (text == null) {
            return;
        }
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

    private static PreparedStatement prepare(Connection c, StringBuilder sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else if (args.get(i) instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) args.get(i));
                }
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
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
                    seen.merge(r.device().value(), rs.getLong(17), Math::max);
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
