/**
 * Restarting with a large zone in seconds: the registry written to a file in the data
 * directory (at shutdown and periodically), and a start that reads it back and replays the
 * journal since, instead of reading every record from the database.
 */
package dev.beacon.checkpoint;
