"""Refusing private, loopback and link-local addresses when fetching for someone else.

A service that fetches URLs handed to it (an API, a web form, a subscription's source
override) must not become a way into the machine's own network: 127.0.0.1, 10/8, the cloud
metadata address 169.254.169.254. Checking the name before the request is not enough (DNS
can answer differently a moment later), so the check sits in the connection itself: the
network backend resolves the name, refuses if any address is not public, and connects to
exactly the address it checked. TLS still verifies the certificate against the original
host name, because httpcore passes that name as SNI / server_hostname.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Iterable

import httpcore

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(httpcore.ConnectError):
    """Raised inside the connection so that httpx wraps it; the fetcher reports it as is."""


def is_public_address(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from exc
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in seen:
            seen.append(addr)
    return seen


def check_addresses(host: str, addresses: Iterable[str]) -> None:
    for addr in addresses:
        if not is_public_address(addr):
            raise BlockedAddress(
                f"{host} resolves to {addr}, a private, loopback or otherwise non-public address; "
                "refusing to fetch it (allow_private=True permits it)")


class GuardedBackend(httpcore.SyncBackend):
    """httpcore network backend that connects only to public addresses it has just checked."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        check_addresses(host, addresses)
        last: Exception | None = None
        for addr in addresses:
            try:
                return super().connect_tcp(addr, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last
