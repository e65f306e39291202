# The kill -9 soak of issues 17 and 26, by hand (not part of dotnet test): the local host is killed
# with SIGKILL at random moments while COMMENTERS commenters post and a moderator approves, spams and
# trashes, then restarted. For the 60 s after the last restart it polls the follow-up messages queued every
# 5 s; at 60 s it checks, from a backup of storage and the API, that no acknowledged post was lost,
# every acknowledged post is in the queue tab of its status, every acknowledged status change is in
# the queue of that status (when the comment has not changed since), every comment is in exactly
# the queue of its status, no queue row is without its comment, the counts agree, and every
# acknowledged status change has its one audit row. It prints the figures as JSON and a pass/fail
# line for issue 26's done-when.
# Needs `dotnet build Serverless.sln` and `npm ci` first, and nothing on ports 7081-7083 or
# 10000-10002. It stops what it started by PID (the Azurite and each host), on any exit.
# Usage: python3 tests/Soak/kill9.py [kills] [commenters]   (defaults: 6 kills, COMMENTERS commenters)
import json, os, random, re, signal, socket, subprocess, sys, threading, time, urllib.parse, urllib.request, urllib.error

COMMENTERS = 8
CHECK_AFTER = 60  # seconds after the last restart
POLL_EVERY = 5  # seconds between looks at the follow-up messages queued meanwhile (GET /api/manage/follow-ups, "queued")
WATCH_UNTIL = 180  # after the check, how long (since the last restart) to go on looking for 0 open
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
API = "http://127.0.0.1:7081"
SITE = "http://127.0.0.1:7082"
PORTS = [7081, 7082, 7083, 10000, 10001, 10002]
AZURITE_PORTS = [10000, 10001, 10002]
HOST_LOG = "/tmp/hub-kill-soak-host.log"
ENV = dict(os.environ, AzureWebJobsStorage="UseDevelopmentStorage=true")
ENV["Hub__SiteUrl"] = SITE
ENV["Hub__SignInIssuerUrl"] = "http://127.0.0.1:7083"
ENV["Hub__RunTimers"] = "true"
ENV["Logging__LogLevel__Hub.Core.FollowUps"] = "Information"  # each follow-up finished, and what the sweep did, into HOST_LOG
host = None
azurite = None
secret = None
entries = []
acked = []  # (comment id, status) acknowledged status changes
posted = []  # (entry, id) acknowledged posts
lock = threading.Lock()

def listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0

def start_azurite():
    global azurite
    log = open("/tmp/hub-kill-soak-azurite.log", "w")
    azurite = subprocess.Popen(["node", f"{REPO}/node_modules/azurite/dist/src/azurite.js", "--silent", "--inMemoryPersistence",
        "--skipApiVersionCheck"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 30
    while not all(listening(p) for p in AZURITE_PORTS):
        if azurite.poll() is not None: sys.exit(f"Azurite exited with {azurite.returncode}: see /tmp/hub-kill-soak-azurite.log")
        if time.time() > deadline: sys.exit("Azurite did not listen on 10000-10002 within 30 s")
        time.sleep(0.2)

def start():
    global host, secret
    log = open(HOST_LOG, "a", buffering=1)
    log.write(f"--- {time.strftime('%H:%M:%S')} host started\n")
    host = subprocess.Popen(["dotnet", f"{REPO}/src/Hub.LocalHost/bin/Debug/net10.0/Hub.LocalHost.dll", "--urls", API], env=ENV, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True)
    for line in host.stdout:
        log.write(line)
        m = re.search(r"(local\.[A-Za-z0-9_-]{20,})", line)
        if m: secret = m.group(1)
        if "The Hub is running" in line: break
    else: sys.exit(f"the host exited with {host.wait()} before it was running: see {HOST_LOG}")
    out = host.stdout
    threading.Thread(target=lambda: [log.write(f"{time.strftime('%H:%M:%S')} {line}") for line in out], daemon=True).start()

def stop(process, grace=10):
    """Stops one process this soak started, by its PID: SIGTERM, then SIGKILL after the grace."""
    if process is None or process.poll() is not None: return
    process.terminate()
    try: process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill(); process.wait()

def call(method, path, body=None, headers=None):
    req = urllib.request.Request(API + path, method=method, data=json.dumps(body).encode() if body is not None else None, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as r: return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e: return e.code, None
    except Exception: return 0, None

def mod(): return {"Authorization": f"Moderator {secret}"}

def commenters(stop):
    n = 0
    while not stop.is_set():
        n += 1
        entry = random.choice(entries)
        s, b = call("POST", f"/api/resources/{entry}/comments", {"authorName": "Load", "authorEmail": f"load{n % 40}@example.org", "content": f"Load comment {n} {random.random()}"})
        if s == 202:
            with lock: posted.append((entry, b["id"]))

def moderator(stop):
    while not stop.is_set():
        s, page = call("GET", "/api/manage/comments?status=pending&limit=20", headers=mod())
        if s != 200: time.sleep(0.2); continue
        for item in page["items"]:
            to = random.choice(["approved", "approved", "spam", "trash"])
            s, b = call("PATCH", f"/api/manage/comments/{item['entryId']}/{item['id']}", {"status": to}, {**mod(), "If-Match": item["etag"]})
            if s == 200:
                with lock: acked.append((item["id"], to))

def open_follow_ups():
    s, fu = call("GET", "/api/manage/follow-ups", headers=mod())
    return fu["queued"] if s == 200 and fu else None

def soak(kills, writers):
    global entries
    busy = [p for p in PORTS if listening(p)]
    if busy: sys.exit(f"something already listens on {busy}: stop it first (this soak starts its own Azurite and host)")
    open(HOST_LOG, "w").close()  # this run's hosts only
    start_azurite()
    start()
    call("PATCH", "/api/manage/settings", {"floodIntervalSeconds": 0}, mod())
    entries = [e["id"] for e in call("GET", "/api/resources?limit=10")[1]["items"]]
    for k in range(kills):
        stopping = threading.Event()
        threads = [threading.Thread(target=commenters, args=(stopping,)) for _ in range(writers)] + [threading.Thread(target=moderator, args=(stopping,))]
        for t in threads: t.start()
        time.sleep(random.uniform(4, 9))
        host.send_signal(signal.SIGKILL); host.wait()
        open(HOST_LOG, "a").write(f"--- {time.strftime('%H:%M:%S')} host killed (kill {k+1})\n")
        stopping.set()
        for t in threads: t.join()
        print(f"kill {k+1}: {len(posted)} posts and {len(acked)} changes acknowledged so far", flush=True)
        start()
    restarted = time.time()
    open(HOST_LOG, "a").write(f"--- {time.strftime('%H:%M:%S')} the last restart\n")
    # the open follow-ups every POLL_EVERY s until CHECK_AFTER s after the last restart
    polls, first_zero = [], None
    while (elapsed := time.time() - restarted) < CHECK_AFTER:
        n = open_follow_ups()
        polls.append((round(elapsed), n))
        if n == 0 and first_zero is None: first_zero = round(elapsed, 1)
        time.sleep(max(0, min(POLL_EVERY, CHECK_AFTER - (time.time() - restarted))))
    s, fu = call("GET", "/api/manage/follow-ups", headers=mod())
    checked_at = round(time.time() - restarted, 1)
    open_at_check = fu["queued"] if s == 200 and fu else None
    if open_at_check == 0 and first_zero is None: first_zero = checked_at
    zero_by_check = first_zero
    print(f"{checked_at} s after the last restart: follow-ups {fu}", flush=True)
    print("open follow-ups, (s after the last restart, open): " + ", ".join(f"({t}, {n})" for t, n in polls), flush=True)
    # what the API shows at the check: the queue tabs and their counts
    queues = {}
    for status in ["pending", "approved", "spam", "trash"]:
        cursor = None
        while True:
            s, page = call("GET", f"/api/manage/comments?status={status}&limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""), headers=mod())
            if s != 200: sys.exit(f"the {status} queue answered {s}")
            for item in page["items"]: queues.setdefault(item["id"], []).append(status)
            cursor = page["nextCursor"]
            if not cursor: break
    s, counts = call("GET", "/api/manage/comments/counts", headers=mod())
    queued_at = round(time.time() - restarted, 1)
    # then what storage holds (nothing writes any more): the backup file has every comment and audit row
    cli = f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/hub.dll" if os.path.exists(f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/hub.dll") else f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/Hub.Cli.dll"
    subprocess.run(["dotnet", cli, "export", "/tmp/hub-kill-soak-backup.json", "--storage", ENV["AzureWebJobsStorage"]], check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    exported_at = round(time.time() - restarted, 1)
    backup = json.load(open("/tmp/hub-kill-soak-backup.json"))
    comments = {c["id"]: c for c in backup["comments"]}
    wrong = [i for i, c in comments.items() if queues.get(i) != [c["status"]]]
    orphans = [i for i in queues if i not in comments]
    counts_match_queues = s == 200 and all(counts[st] == sum(1 for q in queues.values() for x in q if x == st) for st in counts)
    counts_match_comments = s == 200 and all(counts[st] == sum(1 for c in comments.values() if c["status"] == st) for st in counts)
    lost = [i for _, i in posted if i not in comments]
    posts_unqueued = [i for _, i in posted if i in comments and comments[i]["status"] not in queues.get(i, [])]
    last_change = {}
    for i, to in acked: last_change[i] = to
    unchanged = [(i, to) for i, to in last_change.items() if i in comments and comments[i]["status"] == to]
    changes_unqueued = [(i, to) for i, to in unchanged if to not in queues.get(i, [])]
    changes_unqueued_pending = [x for x in changes_unqueued if "pending" in queues.get(x[0], [])]
    audits = {}
    for a in backup["audit"]:
        e = a.get("event", a)
        if e.get("action") == "status-changed": audits[(e.get("commentId"), e.get("toStatus"))] = audits.get((e.get("commentId"), e.get("toStatus")), 0) + 1
    missing_audit = [x for x in acked if audits.get(x, 0) < 1]
    extra_audit = sum(1 for v in audits.values() if v > 1)
    # then, for the figure only, how long until nothing is open, if it was not by the check
    while first_zero is None and (elapsed := time.time() - restarted) < WATCH_UNTIL:
        time.sleep(POLL_EVERY)
        n = open_follow_ups()
        polls.append((round(time.time() - restarted), n))
        if n == 0: first_zero = round(time.time() - restarted, 1)
    if polls[-1][0] >= CHECK_AFTER:
        print("after the check, open follow-ups: " + ", ".join(f"({t}, {n})" for t, n in polls if t >= CHECK_AFTER), flush=True)
    result = {"kills": kills, "commenters": writers, "posts acknowledged": len(posted), "changes acknowledged": len(acked), "comments stored": len(comments),
        "follow-ups open at the check": open_at_check, "follow-ups poisoned at the check": fu.get("poisoned") if fu else None,
        "s after the last restart until 0 follow-ups open (polled every 5 s)": zero_by_check, f"the same, looking on to {WATCH_UNTIL} s": first_zero, "s after the last restart: follow-ups read": checked_at, "s after the last restart: queues and counts read": queued_at, "s after the last restart: storage exported": exported_at,
        "acknowledged posts lost": len(lost), "acknowledged posts not in the queue of their status": len(posts_unqueued),
        "acknowledged changes, comment unchanged since": len(unchanged), "of those not in the queue of their status": len(changes_unqueued), "of those still under pending": len(changes_unqueued_pending),
        "comments not in exactly the queue of their status": len(wrong), "queue rows without a comment": len(orphans),
        "counts agree with the queue tabs": counts_match_queues, "counts agree with the comments stored": counts_match_comments, "counts": counts,
        "acknowledged changes without an audit row": len(missing_audit), "audit rows per (comment, status) above 1": extra_audit}
    print(json.dumps(result, indent=1), flush=True)
    held = (not lost and not posts_unqueued and not changes_unqueued and not wrong and not orphans and counts_match_queues and counts_match_comments
        and not missing_audit and not extra_audit)
    print(("PASS" if held else "FAIL") + f": issue 26's done-when, within {CHECK_AFTER} s of the last restart (checked at {checked_at}-{queued_at} s): every acknowledged comment is in the queue of its status, "
        + f"every acknowledged change has its one audit row, and counts agree; follow-ups open: {open_at_check}, 0 open first seen at: {f'{zero_by_check} s' if zero_by_check is not None else f'not within {CHECK_AFTER} s'}", flush=True)
    return 0 if held else 1

def on_term(signum, frame): sys.exit(128 + signum)

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    try: code = soak(int(sys.argv[1]) if len(sys.argv) > 1 else 6, int(sys.argv[2]) if len(sys.argv) > 2 else COMMENTERS)
    finally:
        stop(host)
        stop(azurite)
    sys.exit(code)
