package dev.beacon.store;

import java.util.List;

/**
 * A page of the operator's device list.
 *
 * @param rows the devices, in the query's order
 * @param next where the next page starts, or null when the list ends here
 */
public record DevicePage(List<DeviceRow> rows, DeviceQuery.Position next) {

    public DevicePage {
        rows = List.copyOf(rows);
    }
}
