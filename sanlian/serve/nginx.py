"""The nginx configuration in front of the replicas, as one pure function of its settings.

Stickiness: a Streamlit session lives in one process (its websocket, and the uploads and downloads
that name the session), so every request of one browser must reach the same replica. nginx open
source has no `sticky cookie`, and `ip_hash` would put a whole office behind one NAT on a single
replica, which is exactly a meeting. So the first answer to a browser sets a random cookie
(`$request_id`) and the upstream is chosen by `hash $cookie consistent`; a client that sends no
cookie (a first request, or one that refuses cookies) is hashed by its address instead.

A replica that died is not replaced by another one (`proxy_next_upstream off`): its users' browsers
show "Connecting" for the seconds the supervisor takes to restart it on the same port, then reconnect to it
and rerun their page from the link. Bodies and answers are streamed, not buffered to temp files, so
nginx's workers (which drop root) never write to the run directory.
"""

from dataclasses import dataclass

COOKIE = "sanlian_replica"
REPLICA_HEADER = "X-Sanlian-Replica"


@dataclass(frozen=True)
class Front:
    """Where nginx listens, where its files go, which replicas it serves and the upload limit."""
    run_dir: str
    address: str
    port: int
    upstreams: tuple[str, ...]  # host:port of each replica
    max_body_bytes: int


def body_limit(max_upload_bytes: int) -> str:
    """client_max_body_size for an upload limit: whole MB plus one for the multipart envelope."""
    return f"{-(-max_upload_bytes // 2 ** 20) + 1}m"


def config(front: Front) -> str:
    """nginx.conf text: pid, temp files and log inside run_dir (no root paths), websocket upgrade,
    X-Real-IP / X-Forwarded-For, sticky sessions by cookie, the replica named in a header."""
    d = front.run_dir
    servers = "\n".join(f"        server {u} max_fails=0;" for u in front.upstreams)
    return f"""\
worker_processes 1;
pid {d}/nginx.pid;
error_log stderr warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}
    map $cookie_{COOKIE} $sanlian_key {{
        ""      $remote_addr;
        default $cookie_{COOKIE};
    }}
    map $cookie_{COOKIE} $sanlian_set_cookie {{
        ""      "{COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}

    upstream sanlian {{
        hash $sanlian_key consistent;
{servers}
    }}

    server {{
        listen {front.address}:{front.port};
        client_max_body_size {body_limit(front.max_body_bytes)};

        location / {{
            proxy_pass http://sanlian;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_request_buffering off;
            proxy_next_upstream off;
            add_header {REPLICA_HEADER} $upstream_addr always;
            add_header Set-Cookie $sanlian_set_cookie always;
        }}
    }}
}}
"""
