/*
 * beacon-update: a minimal Beacon update client for firmware, following the no-flood rules
 * (protocol section 5). Small enough to read in one sitting; the rules are in main() at the end.
 *
 *   beacon-update --server URL --key-file FILE --id DEVICE_ID [--kid N] [--name LABEL]
 *                 [--state FILE] [--interval SECONDS] [--once] [--ca-file PEM] [--clockless]
 *
 * Exit status: 0 done (--once), 1 failed for now (--once; try again later), 2 misconfigured.
 */
#include "beacon_token.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define USER_AGENT "Beacon - C client - 0.1.0"
#define ADDRESS_MAX 64

struct client {
    const char *server, *id, *name, *state, *ca_file;
    unsigned kid;
    long interval;
    int clockless;
    long clock_offset;          /* server time minus local time, for clock-less devices */
    unsigned char key[BEACON_KEY_BYTES];
    int v2;                     /* key is the device's own version 2 key (--device-key-file) */
    unsigned master;            /* its master id and generation */
    uint32_t generation;
    uint64_t counter;           /* the last version 2 counter used */
    char id_buf[BEACON_DEVICE_ID_MAX + 1];
    char address[ADDRESS_MAX];  /* the address of the last successful update, or "" */
    CURL *curl;
};

struct reply {
    long status;
    char body[256];
    size_t len;
    long retry_after;
    time_t date;
};

enum outcome { DONE, RETRY, FATAL };

/* ---- HTTP ------------------------------------------------------------------------------------ */

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    struct reply *r = user;
    size_t room = sizeof r->body - 1 - r->len, take = size * n < room ? size * n : room;

    memcpy(r->body + r->len, data, take);
    r->len += take;
    r->body[r->len] = '\0';
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
    struct reply *r = user;
    char line[128];
    size_t len = size * n < sizeof line - 1 ? size * n : sizeof line - 1;

    memcpy(line, data, len);
    line[len] = '\0';
    if (strncasecmp(line, "Retry-After:", 12) == 0)
        r->retry_after = strtol(line + 12, NULL, 10);
    else if (strncasecmp(line, "Date:", 5) == 0)
        r->date = curl_getdate(line + 5, NULL);
    return size * n;
}

/* GETs SERVER + path; 0 when the server answered (any status), -1 when it could not be reached. */
static int get(struct client *c, const char *path, struct reply *r)
{
    char url[1024];
    CURLcode rc;

    memset(r, 0, sizeof *r);
    r->date = -1;
    snprintf(url, sizeof url, "%s%s", c->server, path);
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
    if (c->ca_file)
        curl_easy_setopt(c->curl, CURLOPT_CAINFO, c->ca_file);
    rc = curl_easy_perform(c->curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "beacon-update: %s: %s\n", url, curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
    if (c->clockless && r->date > 0)
        c->clock_offset = (long)(r->date - time(NULL));
    return 0;
}

/* ---- State: the last successful address, replaced atomically ----------------------------------- */

static void load_state(struct client *c)
{
    FILE *f = fopen(c->state, "r");
    char line[128];

    c->address[0] = '\0';
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "address=", 8) == 0) {
            size_t n = strcspn(line + 8, "\r\n");
            if (n < sizeof c->address && strspn(line + 8, "0123456789abcdefABCDEF:.") == n) {
                memcpy(c->address, line + 8, n);
                c->address[n] = '\0';
            } else {
                fprintf(stderr, "beacon-update: state file %s is damaged; starting afresh\n", c->state);
            }
        }
    }
    fclose(f);
}

static void save_state(struct client *c, const char *address)
{
    char temp[1024];
    FILE *f;

    snprintf(c->address, sizeof c->address, "%s", address);
    snprintf(temp, sizeof temp, "%s.tmp", c->state);
    f = fopen(temp, "w");
    if (!f || fprintf(f, "address=%s\nupdated=%ld\n", address, (long)time(NULL)) < 0 || fflush(f) != 0
        || fsync(fileno(f)) != 0 || fclose(f) != 0 || rename(temp, c->state) != 0)
        fprintf(stderr, "beacon-update: cannot save %s: %s\n", c->state, strerror(errno));
}

/* ---- The protocol ------------------------------------------------------------------------------ */

/*
 * The token for one request. Version 1: the zone key and the time. Version 2: the device's own key
 * signs the endpoint and its parameters (name/value pairs), with a counter that is the time in
 * milliseconds and always above the last, so it keeps rising across restarts while the clock does.
 */
static int token(struct client *c, const char *endpoint, const char *const *params, size_t count, char *out)
{
    struct timespec ts;
    uint64_t now_ms;

    if (!c->v2)
        return beacon_token_mint(c->key, c->kid, c->id, (uint32_t)(time(NULL) + c->clock_offset), out, BEACON_TOKEN_MAX);
    /* Milliseconds, not seconds: two starts within one second must not repeat a counter. */
    clock_gettime(CLOCK_REALTIME, &ts);
    now_ms = (uint64_t)(ts.tv_sec + c->clock_offset) * 1000u + (uint64_t)(ts.tv_nsec / 1000000);
    c->counter = now_ms > c->counter ? now_ms : c->counter + 1;
    return beacon_v2_token(c->key, c->master, c->generation, c->counter, c->id, endpoint, params, count, out,
                           BEACON_TOKEN_MAX);
}

/* The reply code: the body up to '|'. */
static int is(const struct reply *r, const char *code)
{
    size_t n = strlen(code);
    return strncmp(r->body, code, n) == 0 && (r->body[n] == '\0' || r->body[n] == '|');
}

/* Sends add (with the name) or update for address; DONE stores it. */
static enum outcome send_update(struct client *c, const char *address, long *retry_after, int add)
{
    char tok[BEACON_TOKEN_MAX], path[512];
    const char *add_params[] = {"dm", c->name ? c->name : "", "myip", address};
    const char *update_params[] = {"myip", address};
    struct reply r;
    int rc = add ? token(c, "add", add_params, 2, tok) : token(c, "update", update_params, 1, tok);

    if (rc != BEACON_OK) {
        fprintf(stderr, "beacon-update: cannot mint a token for '%s'\n", c->id);
        return FATAL;
    }
    if (add) {
        char *name = curl_easy_escape(c->curl, c->name ? c->name : "", 0);
        snprintf(path, sizeof path, "/add.aspx?dm=%s&myip=%s&mac=%s", name ? name : "", address, tok);
        curl_free(name);
    } else {
        snprintf(path, sizeof path, "/update.aspx?myip=%s&mac=%s", address, tok);
    }
    if (get(c, path, &r) != 0)
        return RETRY;
    *retry_after = r.retry_after;
    if (is(&r, "08") || is(&r, "09") || is(&r, "10")) {
        if (!is(&r, "08"))
            fprintf(stderr, "beacon-update: %s (%s)\n", r.body, address);
        save_state(c, address);
        return DONE;
    }
    if (is(&r, "13") && !add) {
        if (!c->name) {
            fprintf(stderr, "beacon-update: the server has no record for %s (13) and --name is not set\n", c->id);
            return FATAL;
        }
        return send_update(c, address, retry_after, 1);
    }
    if (is(&r, "02") || is(&r, "01") || is(&r, "07") || is(&r, "05")) {
        fprintf(stderr, "beacon-update: the server refused the request (%s): check the key file, key id, "
                        "device id, name and clock\n", r.body);
        return FATAL;
    }
    fprintf(stderr, "beacon-update: server answered %s (HTTP %ld); backing off\n", r.body, r.status);
    return RETRY;  /* 911, 12, 04, anything unexpected: try again later */
}

/* Learns the current address from /ipdetect.aspx. */
static enum outcome detect(struct client *c, char *address, long *retry_after)
{
    struct reply r;
    size_t n;

    if (get(c, "/ipdetect.aspx", &r) != 0)
        return RETRY;
    *retry_after = r.retry_after;
    n = strlen(r.body);
    if (r.status != 200 || n == 0 || n >= ADDRESS_MAX || strspn(r.body, "0123456789abcdefABCDEF:.") != n)
        return RETRY;
    memcpy(address, r.body, n + 1);
    return DONE;
}

/* One round: detect, then update when forced (boot) or when the address changed. */
static enum outcome round_trip(struct client *c, int force, long *retry_after)
{
    char address[ADDRESS_MAX];
    enum outcome o = detect(c, address, retry_after);

    if (o != DONE)
        return o;
    if (!force && strcmp(address, c->address) == 0)
        return DONE;
    return send_update(c, address, retry_after, 0);
}

/* Exponential backoff, 30 s up to an hour, half of it random, never sooner than Retry-After. */
static long backoff(int failures, long retry_after)
{
    long ceiling = 30L << (failures < 7 ? failures : 7), wait;

    if (ceiling > 3600)
        ceiling = 3600;
    wait = ceiling / 2 + rand() % (ceiling / 2 + 1);
    return wait > retry_after ? wait : retry_after;
}

static int read_key(struct client *c, const char *path)
{
    char text[128];
    FILE *f = fopen(path, "r");
    int ok = f && fgets(text, sizeof text, f) && beacon_key_from_base64(text, c->key) == BEACON_OK;

    if (f)
        fclose(f);
    return ok;
}

/*
 * The device's own key from the line `beacon provision` printed for it:
 * device_id,master_id,generation,device_key (the header line, if kept, is skipped).
 */
static int read_device_key(struct client *c, const char *path)
{
    char line[256], row[256] = "";
    char *id, *master, *generation, *key, *end;
    FILE *f = fopen(path, "r");

    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "device_id,", 10) != 0 && strchr(line, ','))
            snprintf(row, sizeof row, "%s", line);
    fclose(f);
    id = strtok(row, ",");
    master = strtok(NULL, ",");
    generation = strtok(NULL, ",");
    key = strtok(NULL, ",\r\n");
    if (!id || !master || !generation || !key || beacon_key_from_base64(key, c->key) != BEACON_OK)
        return 0;
    c->master = (unsigned)strtoul(master, &end, 10);
    if (*end || c->master > 255)
        return 0;
    c->generation = (uint32_t)strtoul(generation, &end, 10);
    if (*end)
        return 0;
    snprintf(c->id_buf, sizeof c->id_buf, "%s", id);
    if (!c->id)
        c->id = c->id_buf;
    c->v2 = 1;
    return 1;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: beacon-update --server URL --key-file FILE --id DEVICE_ID [--kid N] [--name LABEL]\n"
                 "                     [--state FILE] [--interval SECONDS] [--once] [--ca-file PEM] [--clockless]\n"
                 "   or: beacon-update --server URL --device-key-file FILE [...]   (version 2: the line beacon\n"
                 "       provision printed for this device; --id then defaults to the one in it)\n"
                 "An update at start, then an address check every interval (default 300 s), updating only on\n"
                 "change; --once does one update and exits (0 done, 1 failed for now, 2 misconfigured).\n");
}

int main(int argc, char **argv)
{
    struct client c = {0};
    const char *key_file = NULL, *device_key_file = NULL;
    int once = 0, failures = 0, force = 1, i;

    c.interval = 300;
    c.kid = 1;
    c.state = "beacon-update.state";
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
        if (!strcmp(a, "--once")) { once = 1; continue; }
        if (!strcmp(a, "--clockless")) { c.clockless = 1; continue; }
        if (!v) { fprintf(stderr, "beacon-update: %s needs a value\n", a); return 2; }
        if (!strcmp(a, "--server")) c.server = v;
        else if (!strcmp(a, "--key-file")) key_file = v;
        else if (!strcmp(a, "--device-key-file")) device_key_file = v;
        else if (!strcmp(a, "--id")) c.id = v;
        else if (!strcmp(a, "--kid")) c.kid = (unsigned)strtoul(v, NULL, 10);
        else if (!strcmp(a, "--name")) c.name = v;
        else if (!strcmp(a, "--state")) c.state = v;
        else if (!strcmp(a, "--interval")) c.interval = strtol(v, NULL, 10);
        else if (!strcmp(a, "--ca-file")) c.ca_file = v;
        else { fprintf(stderr, "beacon-update: unknown option %s\n", a); return 2; }
        i++;
    }
    if (device_key_file && !key_file) {
        if (!read_device_key(&c, device_key_file)) {
            fprintf(stderr, "beacon-update: %s is not a line of beacon provision (device_id,master_id,generation,device_key)\n",
                    device_key_file);
            return 2;
        }
    } else if (device_key_file) {
        fprintf(stderr, "beacon-update: give --key-file or --device-key-file, not both\n");
        return 2;
    }
    if (!c.server || (!key_file && !c.v2) || !c.id || c.interval <= 0) {
        usage(stderr);
        return 2;
    }
    if (!c.v2 && !read_key(&c, key_file)) {
        fprintf(stderr, "beacon-update: %s is not a readable base64 key of 32 bytes\n", key_file);
        return 2;
    }
    if (c.interval < 60)
        fprintf(stderr, "beacon-update: an interval under 60 s is for testing only; use 300\n");
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c.curl = curl_easy_init();
    load_state(&c);

    /* The rules: an update at start whatever the state; then a check every interval (+-10%),
     * updating only when the address changed; back off on failure; stop when misconfigured. */
    for (;;) {
        long retry_after = 0, wait;
        enum outcome o = round_trip(&c, force, &retry_after);

        if (o == FATAL) {
            curl_easy_cleanup(c.curl);
            return 2;
        }
        if (once) {
            curl_easy_cleanup(c.curl);
            return o == DONE ? 0 : 1;
        }
        if (o == DONE) {
            force = 0;
            failures = 0;
            wait = c.interval * 9 / 10 + rand() % (c.interval / 5 + 1);
        } else {
            wait = backoff(failures++, retry_after);
        }
        sleep((unsigned)wait);
    }
}
