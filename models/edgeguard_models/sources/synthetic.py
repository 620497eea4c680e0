"""Synthetic ordinary text from seeded generators: logs, shell sessions, security advisories,
data files and emails.

Ordinary technical text is full of words a naive classifier fears: a process is *killed*, a
request is *blocked*, an *attack* is detected, an *exploit* allows remote code execution, a
build script runs ``rm -rf``. None of it is unsafe. These generators write such text with
invented hosts, people and products, in lengths from one line to several thousand words.

Every generator is deterministic: row ``n`` of generator ``g`` is drawn from
``random.Random(f"{g}:{n}")``, so the output never changes between runs or machines.

One generator family per domain is held out (:data:`HOLDOUT_GENERATORS`) and registered as its
own source with ``holdout=True``, so the external set measures text of an unseen format:
systemd journal output (LOG), PowerShell sessions (SHELL), vendor bulletins (SECURITY), YAML
configuration (DATA) and customer-support replies (EMAIL).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from ..rows import Row
from .base import Context, Domain, labeled

SOURCE = "synthetic"
HOLDOUT_SOURCE = "synthetic_holdout"

_TRIGGERS = re.compile(r"\b(kill|killed|killer|attack|exploit|terminat|fatal|blocked|malicious|"
                       r"rm -rf|shred|nmap|overflow|injection|brute|denied|panic|abort|dead)",
                       re.IGNORECASE)

# Invented vocabulary.
_HOSTS = ("atlas-01", "birch-db", "cobalt-web", "dunmore-api", "ember-cache", "fjord-worker-3",
          "granite-lb", "hazel-ci", "iris-backup", "juniper-02", "kestrel-mq", "lumen-edge")
_SERVICES = ("nginx", "postgres", "redis-server", "orderd", "billing-worker", "sshd", "cron",
             "kubelet", "dockerd", "indexer", "mailq", "reportgen")
_PEOPLE = ("Alma Voss", "Bruno Keel", "Cora Lind", "Dev Patel", "Esme Hart", "Farid Nour",
           "Greta Holm", "Hugo Marr", "Ines Cato", "Jonas Brae", "Kira Maes", "Luca Fenn",
           "Mina Soto", "Nils Arden", "Olga Petri", "Pia Ruud")
_COMPANIES = ("Brightfold Ltd", "Corvane Systems", "Dellmark Foods", "Elsworth Partners",
              "Fenwick Logistics", "Greyhaven Media", "Halberd Tools", "Isola Travel")
_PRODUCTS = ("Quillstack", "Harborview CMS", "Nettlegate Proxy", "Orchid Mail Server",
             "Paxton Router OS", "Rivet Image Library", "Sable PDF Toolkit", "Tern Auth Gateway")
_IPS_PRIVATE = ("10.0.{}.{}", "192.168.{}.{}", "172.16.{}.{}")
_IPS_DOC = ("203.0.113.{}", "198.51.100.{}", "192.0.2.{}")
_PATHS = ("/api/v1/orders", "/login", "/static/app.js", "/health", "/api/v2/users/me",
          "/search?q=boots", "/wp-login.php", "/admin", "/.env", "/cart/checkout", "/img/logo.png")
_AGENTS = ("Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "python-requests/2.31",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_5)", "kube-probe/1.29")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WORDS = ("quarterly", "migration", "rollout", "invoice", "backlog", "roadmap", "staging",
          "latency", "budget", "onboarding", "retro", "capacity", "vendor", "renewal")


def _length(rng: random.Random) -> int:
    """A number of units (log lines, commands, paragraphs) spanning one line to thousands of
    words: mostly short, with a long tail."""
    bucket = rng.random()
    if bucket < 0.15:
        return 1
    if bucket < 0.35:
        return rng.randint(2, 4)
    if bucket < 0.6:
        return rng.randint(5, 12)
    if bucket < 0.8:
        return rng.randint(13, 40)
    if bucket < 0.93:
        return rng.randint(41, 140)
    return rng.randint(180, 320)


def _ip(rng: random.Random, public: bool = False) -> str:
    pattern = rng.choice(_IPS_DOC if public else _IPS_PRIVATE)
    return pattern.format(*(rng.randint(1, 254) for _ in range(pattern.count("{}"))))


def _time(rng: random.Random) -> tuple[int, int, int, int, int]:
    return (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
            rng.randint(0, 59))


# ---------------------------------------------------------------- LOG

_SYSLOG_EVENTS = (
    "kernel: Out of memory: Killed process {pid} ({svc}) total-vm:{kb}kB, anon-rss:{kb2}kB",
    "kernel: oom-kill:constraint=CONSTRAINT_NONE,task={svc},pid={pid},uid=1000",
    "systemd[1]: {svc}.service: Main process exited, code=killed, status=9/KILL",
    "systemd[1]: {svc}.service: Failed with result 'signal'.",
    "systemd[1]: Stopping {svc}.service...",
    "systemd[1]: Started {svc}.service.",
    "sshd[{pid}]: Failed password for invalid user admin from {pub} port {port} ssh2",
    "sshd[{pid}]: Accepted publickey for deploy from {priv} port {port} ssh2",
    "fail2ban.actions[{pid}]: NOTICE [sshd] Ban {pub}",
    "fail2ban.actions[{pid}]: NOTICE [sshd] Unban {pub}",
    "CRON[{pid}]: (root) CMD (/usr/local/bin/rotate-logs.sh)",
    "kernel: [UFW BLOCK] IN=eth0 OUT= SRC={pub} DST={priv} PROTO=TCP DPT={port}",
    "{svc}[{pid}]: worker {n} terminated unexpectedly, restarting",
    "{svc}[{pid}]: FATAL: could not open configuration file, aborting",
    "{svc}[{pid}]: received SIGTERM, shutting down gracefully",
    "kernel: EXT4-fs (sda1): mounted filesystem with ordered data mode",
    "{svc}[{pid}]: health check passed in {ms}ms",
    "kernel: segfault at 0 ip 00007f{hex} sp 00007ffd{hex} error 4 in libc.so.6",
)
_NGINX_ERRORS = (
    ("[error] {pid}#0: *{n} upstream timed out (110: Connection timed out) while reading "
    "response header from upstream, client: {pub}, server: shop.example, request: \"GET {path} "
    "HTTP/1.1\""),
    "[warn] {pid}#0: *{n} limiting requests, excess: 20.{ms} by zone \"api\", client: {pub}",
    "[error] {pid}#0: *{n} access forbidden by rule, client: {pub}, request: \"GET /.env\"",
    "[crit] {pid}#0: *{n} SSL_do_handshake() failed while SSL handshaking, client: {pub}",
    "[notice] {pid}#0: signal process started",
)
_APP_MESSAGES = (
    ("INFO", "order {n} created for customer c-{pid}"),
    ("INFO", "payment captured amount={amount} currency=EUR"),
    ("WARN", "retrying request to inventory service (attempt {small}/5)"),
    ("ERROR", "job {n} killed after exceeding timeout of {small}0s"),
    ("WARN", "WAF: attack detected (SQL injection pattern) from {pub}, request blocked"),
    ("INFO", "blocked IP {pub} after {small}0 failed logins"),
    ("ERROR", "fatal error in worker thread: connection reset by peer"),
    ("INFO", "cache warmed: {n} keys in {ms}ms"),
    ("DEBUG", "session {hex} expired, user logged out"),
    ("WARN", "circuit breaker open for dunmore-api, failing fast"),
    ("INFO", "terminated idle connection from {priv}"),
    ("ERROR", "child process exited with signal SIGKILL (OOM killer)"),
)
_JOURNAL_EVENTS = (
    "{svc}.service: A process of this unit has been killed by the OOM killer.",
    "{svc}.service: Consumed {small}.{ms}s CPU time.",
    "{svc}.service: Scheduled restart job, restart counter is at {small}.",
    "Stopped {svc}.service - {svc} daemon.",
    "Started {svc}.service - {svc} daemon.",
    "{svc}.service: Killing process {pid} ({svc}) with signal SIGKILL.",
    "audit: type=1400 apparmor=\"DENIED\" operation=\"open\" profile=\"{svc}\" name=\"/etc/shadow\"",
    "Watchdog timeout (limit 3min)! Terminating {svc}.",
    "pam_unix(sshd:auth): authentication failure; rhost={pub} user=root",
    "{svc}.service: Deactivated successfully.",
    "Suspicious activity: port scan from {pub} blocked by firewall rule 12",
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        pid=rng.randint(200, 65000), svc=rng.choice(_SERVICES), kb=rng.randint(10**5, 9 * 10**6),
        kb2=rng.randint(10**4, 4 * 10**6), pub=_ip(rng, True), priv=_ip(rng), n=rng.randint(1, 99999),
        port=rng.randint(1024, 65000), ms=rng.randint(1, 999), hex=f"{rng.getrandbits(32):08x}",
        path=rng.choice(_PATHS), amount=f"{rng.randint(1, 900)}.{rng.randint(0, 99):02d}",
        small=rng.randint(1, 9))


def gen_syslog(rng: random.Random) -> str:
    host = rng.choice(_HOSTS)
    mon, day, hh, mm, ss = _time(rng)
    lines = []
    for _ in range(_length(rng)):
        ss += rng.randint(0, 20)
        mm, ss = mm + ss // 60, ss % 60
        hh, mm = (hh + mm // 60) % 24, mm % 60
        lines.append(f"{_MONTHS[mon - 1]} {day:2d} {hh:02d}:{mm:02d}:{ss:02d} {host} "
                     + _fill(rng.choice(_SYSLOG_EVENTS), rng))
    return "\n".join(lines)


def gen_nginx(rng: random.Random) -> str:
    mon, day, hh, mm, ss = _time(rng)
    lines = []
    for _ in range(_length(rng)):
        ss = (ss + rng.randint(0, 5)) % 60
        if rng.random() < 0.25:
            lines.append(f"2026/{mon:02d}/{day:02d} {hh:02d}:{mm:02d}:{ss:02d} "
                         + _fill(rng.choice(_NGINX_ERRORS), rng))
        else:
            status = rng.choice((200, 200, 200, 304, 301, 404, 403, 499, 502))
            lines.append(f"{_ip(rng, rng.random() < 0.6)} - - [{day:02d}/{_MONTHS[mon - 1]}/2026:"
                         f"{hh:02d}:{mm:02d}:{ss:02d} +0000] \"{rng.choice(('GET', 'POST'))} "
                         f"{rng.choice(_PATHS)} HTTP/1.1\" {status} {rng.randint(0, 40000)} \"-\" "
                         f"\"{rng.choice(_AGENTS)}\"")
    return "\n".join(lines)


def gen_applog(rng: random.Random) -> str:
    mon, day, hh, mm, ss = _time(rng)
    svc = rng.choice(_SERVICES)
    as_json = rng.random() < 0.4
    lines = []
    for _ in range(_length(rng)):
        ss = (ss + rng.randint(0, 9)) % 60
        level, message = rng.choice(_APP_MESSAGES)
        message = _fill(message, rng)
        stamp = f"2026-{mon:02d}-{day:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{rng.randint(0, 999):03d}Z"
        if as_json:
            lines.append(f'{{"ts": "{stamp}", "level": "{level.lower()}", "service": "{svc}", '
                         f'"msg": "{message}"}}')
        else:
            lines.append(f"{stamp} {level:5s} [{svc}] {message}")
    return "\n".join(lines)


def gen_journal(rng: random.Random) -> str:
    """Held out: ``journalctl`` output with its header and cursor-style prefixes."""
    host = rng.choice(_HOSTS)
    mon, day, hh, mm, ss = _time(rng)
    lines = [(f"-- Journal begins at Mon 2026-{mon:02d}-01 00:00:01 UTC, ends at "
             f"Sun 2026-{mon:02d}-{day:02d} 23:59:59 UTC. --")]
    for _ in range(_length(rng)):
        ss += rng.randint(0, 30)
        mm, ss = mm + ss // 60, ss % 60
        hh, mm = (hh + mm // 60) % 24, mm % 60
        unit = rng.choice(("systemd[1]", "kernel", f"{rng.choice(_SERVICES)}[{rng.randint(9, 9999)}]"))
        lines.append(f"{_MONTHS[mon - 1]} {day:02d} {hh:02d}:{mm:02d}:{ss:02d} {host} {unit}: "
                     + _fill(rng.choice(_JOURNAL_EVENTS), rng))
    return "\n".join(lines)


# ---------------------------------------------------------------- SHELL

_BASH_STEPS: tuple[Callable[[random.Random], tuple[str, str]], ...] = (
    lambda r: ("ps aux | grep " + (s := r.choice(_SERVICES)),
               (f"deploy    {r.randint(900, 9999)}  9{r.randint(0, 9)}.0  4.1 812344 {r.randint(10**5, 10**6)} ?  "
               f"Rl   09:14  41:02 /usr/bin/{s}")),
    lambda r: (f"kill -9 {r.randint(900, 9999)}", ""),
    lambda r: (f"pkill -f {r.choice(('test-runner', 'webpack --watch', 'jupyter-lab'))}", ""),
    lambda r: ("rm -rf ./build ./dist && make", ("mkdir -p build\ncc -O2 -o build/app src/main.c\n"
               "Build finished in 3.2s")),
    lambda r: ("shred -u old_keys/test-id_ed25519", ""),
    lambda r: (f"nmap -sV {r.choice(('192.168.56.10', 'labvm.local', '10.0.2.15'))}",
               ("Starting Nmap 7.94 ( https://nmap.org )\nPORT     STATE SERVICE VERSION\n"
               "22/tcp   open  ssh     OpenSSH 9.6\n80/tcp   open  http    nginx 1.24.0\n"
               "Nmap done: 1 IP address (1 host up) scanned in 6.71 seconds")),
    lambda r: ("chmod +x scripts/deploy.sh && ./scripts/deploy.sh --dry-run",
               "[dry-run] would upload 14 files\n[dry-run] would restart orderd"),
    lambda r: ("sudo dd if=/dev/sdb of=~/images/sdcard-backup.img bs=4M status=progress",
               f"{r.randint(1, 31)}914560000 bytes copied, {r.randint(20, 300)} s, 21.3 MB/s"),
    lambda r: ("df -h /", (f"Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p2  "
               f"468G  {r.randint(50, 400)}G  {r.randint(20, 200)}G  {r.randint(10, 95)}% /")),
    lambda r: ("git status", ("On branch main\nYour branch is up to date with 'origin/main'.\n\n"
               "nothing to commit, working tree clean")),
    lambda r: ("docker ps", ("CONTAINER ID   IMAGE          STATUS         NAMES\n"
               f"{r.getrandbits(48):012x}   redis:7        Up 3 hours     cache")),
    lambda r: ("systemctl restart " + r.choice(_SERVICES), ""),
    lambda r: ("journalctl -u orderd --since today | grep -i killed | wc -l", str(r.randint(0, 40))),
    lambda r: ("tail -n 2 /var/log/auth.log", ("Failed password for root from 203.0.113.9 port 51122\n"
               "Disconnected from authenticating user root 203.0.113.9 port 51122 [preauth]")),
    lambda r: ("sudo ufw deny from 203.0.113.0/24", "Rule added"),
    lambda r: ("timeout 5 ./bench --threads 8", "Terminated"),
    lambda r: ("find . -name '*.pyc' -delete", ""),
    lambda r: ("ls -la", ("total 48\ndrwxr-xr-x  6 dev dev 4096 .\n-rw-r--r--  1 dev dev  812 "
               "README.md\n-rwxr-xr-x  1 dev dev 2301 run.sh")),
    lambda r: ("python -m pytest -q", (f"{r.randint(10, 300)} passed, {r.randint(0, 3)} skipped in "
               f"{r.randint(1, 60)}.{r.randint(0, 99)}s")),
    lambda r: ("kill %1", "[1]+  Terminated              python server.py"),
)
_PS_STEPS: tuple[tuple[str, str], ...] = (
    ("Get-Process -Name chrome | Stop-Process -Force", ""),
    ("Get-Service -Name Spooler", ("Status   Name      DisplayName\n------   ----      -----------\n"
     "Running  Spooler   Print Spooler")),
    ("Remove-Item -Recurse -Force .\\bin, .\\obj", ""),
    ("Test-NetConnection -ComputerName labhost01 -Port 443", ("ComputerName     : labhost01\n"
     "RemotePort       : 443\nTcpTestSucceeded : True")),
    ("Get-EventLog -LogName Security -Newest 2", ("Index Time          EntryType   Source\n"
     "----- ----          ---------   ------\n 9912 Mar 02 09:14 FailureAudit Microsoft-Windows-Security-Auditing")),
    ("Stop-Computer -ComputerName testvm-07 -WhatIf", ("What if: Performing the operation "
     "\"Stop-Computer\" on target \"testvm-07\".")),
    (("Get-ChildItem C:\\logs -Filter *.log | Where-Object LastWriteTime -lt (Get-Date).AddDays(-30) "
     "| Remove-Item"), ""),
    ("Set-ExecutionPolicy -Scope Process Bypass", ""),
    ("Get-MpThreatDetection", ("ThreatID : 2147519003\nActionSuccess : True\nInitialDetectionTime : "
     "02/03/2026 10:41:07\nRemediationTime : 02/03/2026 10:41:09")),
    ("taskkill /IM notepad.exe /F", ("SUCCESS: The process \"notepad.exe\" with PID 8120 has been "
     "terminated.")),
    ("Get-Disk | Format-Table Number, FriendlyName, Size", ("Number FriendlyName     Size\n"
     "------ ------------     ----\n0      NVMe Samsung 1TB 1000204886016")),
)


def gen_bash(rng: random.Random) -> str:
    user, host = rng.choice(("dev", "ana", "ops", "kira")), rng.choice(_HOSTS)
    cwd = rng.choice(("~/src/shop", "~/projects/reportgen", "/srv/app", "~"))
    lines = []
    for _ in range(max(1, _length(rng) // 2)):
        command, output = rng.choice(_BASH_STEPS)(rng)
        lines.append(f"{user}@{host}:{cwd}$ {command}")
        if output:
            lines.append(output)
    return "\n".join(lines)


def gen_powershell(rng: random.Random) -> str:
    """Held out: PowerShell sessions."""
    cwd = rng.choice(("C:\\Users\\ana\\source\\shop", "C:\\ops", "D:\\builds"))
    lines = []
    for _ in range(max(1, _length(rng) // 2)):
        command, output = rng.choice(_PS_STEPS)
        lines.append(f"PS {cwd}> {command}")
        if output:
            lines.append(output)
    return "\n".join(lines)


# ---------------------------------------------------------------- SECURITY

_VULNS = (
    ("heap-based buffer overflow", "remote code execution", "a crafted image header"),
    ("use-after-free", "arbitrary code execution", "a malformed PDF annotation"),
    ("SQL injection", "disclosure of database contents", "the sort parameter of the search page"),
    ("path traversal", "reading arbitrary files", "the download endpoint"),
    ("cross-site scripting", "session hijacking", "the profile display name"),
    ("integer overflow", "denial of service", "an oversized length field"),
    ("authentication bypass", "administrative access", "a missing check on the reset token"),
    ("server-side request forgery", "access to internal services", "the webhook URL field"),
    ("XML external entity injection", "file disclosure", "uploaded SVG files"),
    ("race condition", "privilege escalation", "the temporary file handling"),
)
_ADVISORY_PARAS = (
    ("An attacker who can reach an affected server with {vector} can trigger the flaw without "
    "authentication. Successful exploitation allows {impact} in the context of the service "
    "account."),
    ("The issue was reported by {person} of {company} through the coordinated disclosure program. "
    "We are not aware of active exploitation in the wild at the time of publication."),
    ("Proof-of-concept exploit code has been published on a public mailing list, so we recommend "
    "treating this as urgent. Attack complexity is low and no user interaction is required."),
    ("As a temporary mitigation, administrators can filter {vector} at the "
    "reverse proxy, or disable the affected module until the upgrade is applied."),
    ("Detection: look for repeated crashes of the worker process and for log lines reporting "
    "that a worker was killed by signal 11 shortly after an unusual request."),
    ("The fix adds bounds checking before the copy and rejects inputs whose declared length "
    "exceeds the buffer. Regression tests and a fuzzing harness were added."),
    ("Systems that expose the management interface only on an internal network are at lower "
    "risk, but an attacker with a foothold inside the network could still reach it."),
    ("Timeline: reported {date1}; fix developed and reviewed {date2}; release and advisory "
    "published {date3}."),
    "Customers running the hosted edition were patched automatically and need take no action.",
    ("Indicators of compromise include unexpected child processes of the web server, outbound "
    "connections to unknown hosts, and new administrator accounts."),
)


def _advisory_fields(rng: random.Random) -> dict[str, str]:
    vuln, impact, vector = rng.choice(_VULNS)
    major, minor = rng.randint(1, 9), rng.randint(0, 19)
    return {"product": rng.choice(_PRODUCTS), "vuln": vuln, "impact": impact, "vector": vector,
            "cve": f"CVE-2026-{rng.randint(10000, 49999)}", "score": f"{rng.uniform(4, 10):.1f}",
            "fixed": f"{major}.{minor + 1}.0",
            "affected": f"{major}.0.0 to {major}.{minor}.{rng.randint(1, 9)}",
            "person": rng.choice(_PEOPLE), "company": rng.choice(_COMPANIES),
            "date1": f"2026-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
            "date2": f"2026-0{rng.randint(4, 6)}-{rng.randint(10, 28)}",
            "date3": f"2026-0{rng.randint(7, 9)}-{rng.randint(10, 28)}"}


def _advisory_body(rng: random.Random, f: dict[str, str]) -> list[str]:
    n = _length(rng)
    paras = [rng.choice(_ADVISORY_PARAS).format(**f) for _ in range(max(1, n // 3))]
    if n > 60:
        paras += [f"Affected component {i}: the {rng.choice(_SERVICES)} integration of "
                  f"{f['product']} passes untrusted input to the parser; upgrade to "
                  f"{f['fixed']} or later. Exploit attempts are logged as rule "
                  f"{rng.randint(1000, 9999)} and blocked by the default policy."
                  for i in range(n // 2)]
    return paras


def gen_cve_advisory(rng: random.Random) -> str:
    f = _advisory_fields(rng)
    if rng.random() < 0.2:
        return (f"{f['cve']}: {f['vuln']} in {f['product']} before {f['fixed']} allows "
                f"{f['impact']} via {f['vector']}.")
    head = (f"# {f['cve']}: {f['vuln'][0].upper() + f['vuln'][1:]} in {f['product']}\n\n"
            f"**Severity:** {f['score']} (CVSS v3.1)\n**Affected versions:** {f['affected']}\n"
            f"**Fixed in:** {f['fixed']}\n\n## Summary\n\nA {f['vuln']} in {f['product']} allows "
            f"{f['impact']} via {f['vector']}. Upgrade to version {f['fixed']}.")
    return head + "\n\n## Details\n\n" + "\n\n".join(_advisory_body(rng, f))


def gen_vendor_bulletin(rng: random.Random) -> str:
    """Held out: plain-text vendor security bulletins with a table of updates."""
    f = _advisory_fields(rng)
    bulletin = f"SB-{rng.randint(2026001, 2026999)}"
    lines = [f"SECURITY BULLETIN {bulletin}", "=" * 30, f"Title:    {f['product']} security update",
             f"Rating:   {'Critical' if float(f['score']) >= 9 else 'Important'}",
             f"CVE IDs:  {f['cve']}", "",
             "Executive summary", "-----------------",
             (f"This update resolves a vulnerability in {f['product']} that could allow "
             f"{f['impact']} if an attacker sends {f['vector']}."), "",
             "Affected software       Impact                      Update", ]
    for version in range(rng.randint(1, 4)):
        lines.append(f"{f['product']} {version + 1}.x   {f['impact'][:26]:26s}  {f['fixed']}")
    lines += ["", "Vulnerability information", "-------------------------"]
    lines += _advisory_body(rng, f)
    lines += ["", "Acknowledgements: we thank " + f["person"] + " for reporting this issue."]
    return "\n".join(lines)


# ---------------------------------------------------------------- DATA

def gen_csv(rng: random.Random) -> str:
    kind = rng.choice(("incidents", "sales", "processes"))
    rows = _length(rng)
    if kind == "incidents":
        out = ["id,opened,host,category,status,action"]
        for i in range(rows):
            out.append(f"INC-{1000 + i},2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)},"
                       f"{rng.choice(_HOSTS)},{rng.choice(('brute force attempt', 'malware blocked', 'phishing reported', 'disk full', 'process killed'))},"
                       f"{rng.choice(('open', 'closed', 'monitoring'))},"
                       f"{rng.choice(('IP blocked', 'host isolated', 'ticket to vendor', 'none'))}")
    elif kind == "sales":
        out = ["date,region,product,units,revenue_eur"]
        for _ in range(rows):
            out.append(f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)},"
                       f"{rng.choice(('north', 'south', 'east', 'west'))},"
                       f"{rng.choice(_PRODUCTS)},{rng.randint(1, 400)},{rng.randint(100, 90000)}")
    else:
        out = ["pid,name,cpu,mem_mb,state,exit_signal"]
        for _ in range(rows):
            out.append(f"{rng.randint(100, 9999)},{rng.choice(_SERVICES)},{rng.randint(0, 100)},"
                       f"{rng.randint(10, 9000)},{rng.choice(('running', 'killed', 'terminated', 'sleeping'))},"
                       f"{rng.choice(('', 'SIGKILL', 'SIGTERM'))}")
    return "\n".join(out)


def gen_json(rng: random.Random) -> str:
    import json
    kind = rng.choice(("alerts", "users", "orders"))
    items: list[dict[str, object]] = []
    for i in range(_length(rng)):
        if kind == "alerts":
            items.append({"id": f"al-{i}", "rule": rng.choice(("Possible SQL injection", "Port scan detected",
                                                                 "Brute force login", "Malware signature match")),
                          "source_ip": _ip(rng, True), "action": rng.choice(("blocked", "logged")),
                          "severity": rng.choice(("low", "medium", "high"))})
        elif kind == "users":
            name = rng.choice(_PEOPLE)
            items.append({"id": rng.randint(1, 99999), "name": name,
                          "email": name.lower().replace(" ", ".") + "@example.com",
                          "role": rng.choice(("admin", "viewer", "editor")),
                          "disabled": rng.random() < 0.1})
        else:
            items.append({"order": rng.randint(10**5, 10**6), "status": rng.choice(("shipped", "cancelled", "terminated by customer", "pending")),
                          "total": round(rng.uniform(5, 500), 2)})
    return json.dumps({kind: items}, indent=2 if rng.random() < 0.6 else None)


def gen_yaml(rng: random.Random) -> str:
    """Held out: YAML configuration (deployments, alert rules, CI pipelines)."""
    svc = rng.choice(_SERVICES)
    blocks = [(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {svc}\nspec:\n"
              f"  replicas: {rng.randint(1, 6)}\n  template:\n    spec:\n"
              f"      terminationGracePeriodSeconds: {rng.randint(10, 60)}\n      containers:\n"
              f"        - name: {svc}\n          image: registry.example/{svc}:{rng.randint(1, 9)}.{rng.randint(0, 9)}\n"
              f"          resources:\n            limits:\n              memory: {rng.randint(1, 8)}Gi")]
    for _ in range(max(0, _length(rng) // 4)):
        blocks.append(rng.choice((
            (f"- alert: {svc.title()}OOMKilled\n  expr: kube_pod_container_status_last_terminated_reason"
            f"{{reason=\"OOMKilled\"}} > 0\n  for: {rng.randint(1, 10)}m\n  labels:\n    severity: warning"),
            (f"- alert: HighBlockedRequests\n  expr: rate(waf_blocked_total[5m]) > {rng.randint(5, 90)}\n"
            f"  annotations:\n    summary: \"WAF is blocking attack traffic\""),
            ("stages:\n  - build\n  - test\n  - deploy\ncleanup:\n  script:\n    - rm -rf ./build\n"
            "    - pkill -f test-server || true"),
            (f"firewall:\n  default: deny\n  allow:\n    - port: 443\n    - port: 22\n      from: {_ip(rng)}/32"
            f"\n  block:\n    - {_ip(rng, True)}"),
        )))
    return "\n---\n".join(blocks)


# ---------------------------------------------------------------- EMAIL

_MEETING_POINTS = (
    "Agreed to kill the legacy reporting feature at the end of the quarter.",
    "The {word} plan was approved; {person} owns the timeline.",
    "We will terminate the contract with the old cleaning vendor in June.",
    "Attack plan for the trade show: demo booth on day one, workshops on day two.",
    "Budget for {word} is frozen until finance signs off.",
    "The staging database was wiped and restored from last night's backup; no data lost.",
    "{person} will shoot the product photos on Thursday.",
    "Security team blocked two phishing campaigns last week; reminder to report suspicious mail.",
    "Next retro moved to Friday because of the public holiday.",
    "The deadline is tight but not dead; we can cut scope on the {word} work.",
)
_INVOICE_LINES = ("Consulting services ({word})", "Licence renewal", "Hardware: 4x SSD 2TB",
                  "Travel expenses", "Support contract, 12 months", "Pest control visit")
_SUPPORT_REPLIES = (
    "Thanks for getting in touch about order {n}. I'm sorry the parcel arrived damaged.",
    ("I've checked your account and the duplicate charge has been refunded; it may take 3-5 "
    "working days to appear."),
    ("Our system blocked the login because it came from a new country. If this was you, you can "
    "confirm it from the link in the app settings."),
    ("The error you saw means the upload was terminated after 30 minutes. Splitting the file into "
    "smaller parts should fix it."),
    "I have escalated this to our technical team, who will reply within two working days.",
    "If the app keeps crashing, please delete it, restart your phone and install it again.",
    ("We take reports of suspicious emails seriously. The message you forwarded was not sent by us "
    "and we've blocked the sender."),
    "Your subscription has been cancelled as requested and you will not be charged again.",
)


def gen_meeting_email(rng: random.Random) -> str:
    sender, word = rng.choice(_PEOPLE), rng.choice(_WORDS)
    points = [rng.choice(_MEETING_POINTS).format(person=rng.choice(_PEOPLE), word=rng.choice(_WORDS))
              for _ in range(_length(rng))]
    if len(points) == 1:
        return f"Subject: Re: {word} sync\n\n{points[0]}\n\n{sender.split()[0]}"
    body = "\n".join(f"- {point}" for point in points)
    return (f"From: {sender} <{sender.split()[0].lower()}@{rng.choice(_COMPANIES).split()[0].lower()}.example>\n"
            f"Subject: Notes from the {word} meeting\n\nHi all,\n\nHere are the notes from today:\n\n"
            f"{body}\n\nAction items are in the tracker. Shout if I missed anything.\n\nBest,\n"
            f"{sender.split()[0]}")


def gen_invoice_email(rng: random.Random) -> str:
    company, person = rng.choice(_COMPANIES), rng.choice(_PEOPLE)
    lines, total = [], 0
    for _ in range(max(1, _length(rng) // 2)):
        amount = rng.randint(20, 4000)
        total += amount
        lines.append(f"  {rng.choice(_INVOICE_LINES).format(word=rng.choice(_WORDS)):40s} EUR {amount:>8,}")
    return (f"Subject: Invoice {rng.randint(1000, 9999)} from {company}\n\nDear {person},\n\n"
            f"Please find below the invoice for last month's services.\n\n" + "\n".join(lines)
            + f"\n  {'Total':40s} EUR {total:>8,}\n\nPayment is due within 30 days. Late payments "
            "may incur a fee. Please quote the invoice number with your transfer.\n\n"
            f"Kind regards,\nAccounts, {company}")


def gen_support_reply(rng: random.Random) -> str:
    """Held out: customer-support replies."""
    agent, customer = rng.choice(_PEOPLE), rng.choice(_PEOPLE)
    body = [_fill(rng.choice(_SUPPORT_REPLIES), rng) for _ in range(max(1, _length(rng) // 2))]
    return (f"Hi {customer.split()[0]},\n\n" + "\n\n".join(body)
            + f"\n\nBest wishes,\n{agent}\nCustomer Care, {rng.choice(_COMPANIES)}")


# ---------------------------------------------------------------- registry

Generator = Callable[[random.Random], str]

GENERATORS: dict[str, tuple[Generator, Domain, int]] = {
    "syslog": (gen_syslog, Domain.LOG, 200),
    "nginx": (gen_nginx, Domain.LOG, 160),
    "applog": (gen_applog, Domain.LOG, 160),
    "bash": (gen_bash, Domain.SHELL, 260),
    "cve_advisory": (gen_cve_advisory, Domain.SECURITY, 220),
    "csv": (gen_csv, Domain.DATA, 150),
    "json": (gen_json, Domain.DATA, 150),
    "meeting_email": (gen_meeting_email, Domain.EMAIL, 160),
    "invoice_email": (gen_invoice_email, Domain.EMAIL, 120),
}
"""Trained generators: name to (function, domain, rows)."""

HOLDOUT_GENERATORS: dict[str, tuple[Generator, Domain, int]] = {
    "journal": (gen_journal, Domain.LOG, 100),
    "powershell": (gen_powershell, Domain.SHELL, 100),
    "vendor_bulletin": (gen_vendor_bulletin, Domain.SECURITY, 100),
    "yaml": (gen_yaml, Domain.DATA, 100),
    "support_reply": (gen_support_reply, Domain.EMAIL, 100),
}
"""Held-out generators, one per domain, each an unseen format."""


def generate(name: str, number: int) -> str:
    """Return text ``number`` of generator ``name`` (deterministic).

    :param name: a key of :data:`GENERATORS` or :data:`HOLDOUT_GENERATORS`.
    :param number: the row index.
    :raises KeyError: for an unknown generator.
    """
    table = GENERATORS if name in GENERATORS else HOLDOUT_GENERATORS
    return table[name][0](random.Random(f"{name}:{number}"))


def _load(source: str, table: dict[str, tuple[Generator, Domain, int]]) -> Iterator[Row]:
    seen: set[str] = set()
    for name, (_, domain, count) in table.items():
        for number in range(count):
            text = generate(name, number)
            if text in seen:
                continue
            seen.add(text)
            yield labeled(text, (), source=source, family=f"{source}:{name}:{number}",
                          domain=domain, hard_negative=bool(_TRIGGERS.search(text)),
                          generator=name)


def load(ctx: Context) -> Iterator[Row]:
    """Yield the trained generators' rows (all benign).

    :param ctx: the run context (unused).
    """
    return _load(SOURCE, GENERATORS)


def load_holdout(ctx: Context) -> Iterator[Row]:
    """Yield the held-out generators' rows (all benign).

    :param ctx: the run context (unused).
    """
    return _load(HOLDOUT_SOURCE, HOLDOUT_GENERATORS)
