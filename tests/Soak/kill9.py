# The kill -9 soak of issue 17, by hand (not part of dotnet test): the local host is killed with
# SIGKILL at random moments while four commenters post and a moderator approves, spams and trashes,
# then restarted; 60 s after the last restart it checks, from a backup of storage and the API, that
# no acknowledged post was lost, every comment is in exactly the queue of its status, no queue row
# is without its comment, the counts agree, and every acknowledged status change has one audit row.
# Needs `dotnet build Serverless.sln` first and nothing on ports 7081-7083 or 10000-10002.
# Usage: python3 tests/Soak/kill9.py [kills]   (stops the Azurite it started with: pkill -f hub-kill-soak-azurite)
# kill -9 soak: the local host killed at random moments while commenters post and a moderator approves.
import json, os, random, re, signal, subprocess, sys, threading, time, urllib.request, urllib.error
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
API = "http://127.0.0.1:7081"
SITE = "http://127.0.0.1:7082"
ENV = dict(os.environ, AzureWebJobsStorage="UseDevelopmentStorage=true")
ENV["Hub__SiteUrl"] = SITE
ENV["Hub__SignInIssuerUrl"] = "http://127.0.0.1:7083"
ENV["Hub__RunTimers"] = "true"
host = None
secret = None
acked = []  # (comment id, status) acknowledged status changes
posted = []  # (entry, id) acknowledged posts
lock = threading.Lock()

def start():
    global host, secret
    log = open("/tmp/hub-kill-soak-host.log", "a")
    host = subprocess.Popen(["dotnet", f"{REPO}/src/Hub.LocalHost/bin/Debug/net10.0/Hub.LocalHost.dll", "--urls", API], env=ENV, stdout=subprocess.PIPE, stderr=log, text=True)
    for line in host.stdout:
        m = re.search(r"(local\.[A-Za-z0-9_-]{20,})", line)
        if m: secret = m.group(1)
        if "The Hub is running" in line: break
    threading.Thread(target=lambda: [None for _ in host.stdout], daemon=True).start()

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

subprocess.run(["bash", "-c", f"cd {REPO} && (npx azurite --silent --inMemoryPersistence --location /tmp/hub-kill-soak-azurite --skipApiVersionCheck > /tmp/hub-kill-soak-azurite.log 2>&1 &)"])
time.sleep(4)
start()
call("PATCH", "/api/manage/settings", {"floodIntervalSeconds": 0}, mod())
entries = [e["id"] for e in call("GET", "/api/resources?limit=10")[1]["items"]]
kills = int(sys.argv[1]) if len(sys.argv) > 1 else 6
for k in range(kills):
    stop = threading.Event()
    threads = [threading.Thread(target=commenters, args=(stop,)) for _ in range(4)] + [threading.Thread(target=moderator, args=(stop,))]
    for t in threads: t.start()
    time.sleep(random.uniform(4, 9))
    host.send_signal(signal.SIGKILL); host.wait()
    stop.set()
    for t in threads: t.join()
    print(f"kill {k+1}: {len(posted)} posts and {len(acked)} changes acknowledged so far", flush=True)
    start()
restarted = time.time()
time.sleep(60)
s, fu = call("GET", "/api/manage/follow-ups", headers=mod())
print("60 s after the last restart: follow-ups", fu, flush=True)
# what storage holds: the backup file has every comment and audit row
subprocess.run(["dotnet", f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/hub.dll" if os.path.exists(f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/hub.dll") else f"{REPO}/src/Hub.Cli/bin/Debug/net10.0/Hub.Cli.dll", "export", "/tmp/hub-kill-soak-backup.json", "--storage", ENV["AzureWebJobsStorage"]], check=True, stdout=subprocess.DEVNULL)
backup = json.load(open("/tmp/hub-kill-soak-backup.json"))
comments = {c["id"]: c for c in backup["comments"]}
queues = {}
for status in ["pending", "approved", "spam", "trash"]:
    cursor = None
    while True:
        s, page = call("GET", f"/api/manage/comments?status={status}&limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""), headers=mod())
        for item in page["items"]: queues.setdefault(item["id"], []).append(status)
        cursor = page["nextCursor"]
        if not cursor: break
wrong = [i for i, c in comments.items() if queues.get(i) != [c["status"]]]
orphans = [i for i in queues if i not in comments]
s, counts = call("GET", "/api/manage/comments/counts", headers=mod())
count_ok = all(counts[st] == sum(1 for q in queues.values() for x in q if x == st) for st in counts)
lost = [i for _, i in posted if i not in comments]
audits = {}
for a in backup["audit"]:
    e = a.get("event", a)
    if e.get("action") == "status-changed": audits[(e.get("commentId"), e.get("toStatus"))] = audits.get((e.get("commentId"), e.get("toStatus")), 0) + 1
missing_audit = [x for x in acked if audits.get(x, 0) < 1]
print(json.dumps({"kills": kills, "posts acknowledged": len(posted), "changes acknowledged": len(acked), "comments stored": len(comments), "acknowledged posts lost": len(lost),
    "comments not in exactly the queue of their status": len(wrong), "queue rows without a comment": len(orphans), "counts agree": count_ok,
    "acknowledged changes without an audit row": len(missing_audit), "audit rows per (comment, status) above 1": sum(1 for v in audits.values() if v > 1)}, indent=1))
host.send_signal(signal.SIGKILL)
subprocess.run(["pkill", "-f", "hub-kill-soak-azurite"])
