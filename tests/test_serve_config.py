"""The nginx configuration `python -m sanlian.serve` writes, and the ports it gives the replicas."""

import re
import subprocess

from sanlian import settings
from sanlian.serve.nginx import COOKIE, Front, body_limit, config
from sanlian.serve.supervisor import NGINX, replica_ports

FRONT = Front("/tmp/run", "127.0.0.1", 8501, ("127.0.0.1:8502", "127.0.0.1:8503"), 20 * 2 ** 20)


def test_one_replica_is_plain_streamlit_on_the_port_and_more_take_the_ports_after_it():
    assert replica_ports(1, 8501) == [8501]
    assert replica_ports(3, 8501) == [8502, 8503, 8504]


def test_nginx_listens_on_the_front_and_balances_every_replica_by_the_session_cookie():
    text = config(FRONT)
    assert "listen 127.0.0.1:8501;" in text
    upstream = re.search(r"upstream sanlian \{(.*?)\}", text, re.S).group(1)
    assert re.findall(r"server (\S+)", upstream) == ["127.0.0.1:8502", "127.0.0.1:8503"]
    assert "hash $sanlian_key consistent;" in upstream
    key = re.search(r"map \$cookie_sanlian_replica \$sanlian_key \{(.*?)\}", text, re.S).group(1)
    assert re.search(r'""\s+\$remote_addr;', key) and re.search(rf"default\s+\$cookie_{COOKIE};", key)
    assert f'"{COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax"' in text
    assert "add_header Set-Cookie $sanlian_set_cookie always;" in text


def test_websockets_are_upgraded_and_the_browsers_address_is_forwarded():
    text = config(FRONT)
    for line in ["proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $connection_upgrade;", "proxy_set_header Host $http_host;",
                 "proxy_set_header X-Real-IP $remote_addr;",
                 "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                 "add_header X-Sanlian-Replica $upstream_addr always;",
                 "proxy_next_upstream off;"]:  # a session's replica restarts; it is not swapped
        assert line in text, line


def test_the_body_limit_lets_through_an_upload_of_the_largest_allowed_size():
    assert body_limit(20 * 2 ** 20) == "21m"
    assert body_limit(20 * 2 ** 20 + 1) == "22m"
    assert f"client_max_body_size {body_limit(settings.INGEST_MAX_BYTES)};" in config(
        Front("/tmp/run", "0.0.0.0", 80, ("127.0.0.1:81",), settings.INGEST_MAX_BYTES))


def test_every_file_nginx_writes_is_inside_the_run_directory():
    paths = re.findall(r"(?:pid|_temp_path)\s+(\S+);", config(FRONT))
    assert len(paths) == 6 and all(p.startswith("/tmp/run/") for p in paths)
    assert "error_log stderr" in config(FRONT)


def test_nginx_accepts_the_configuration(tmp_path):
    front = Front(str(tmp_path), "127.0.0.1", 8501, ("127.0.0.1:8502",), settings.INGEST_MAX_BYTES)
    (tmp_path / "nginx.conf").write_text(config(front))
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", "nginx.conf", "-e", "stderr"],
                             check=False, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
