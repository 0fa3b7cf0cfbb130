/**
 * Zones and their policy: names, keys, SOA and NS data, host-label rules, custom field specs, and
 * which addresses a zone allows.
 */
package dev.beacon.zone;
