"""Read-only Management.* information: network, device (v1, v2), stats, running config, lines
(v1, v2), LEDs, Bluetooth, PC port and location."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vvxauto.sim.device import BOOTBLOCK_VERSION, FIRMWARE_BUILD, FIRMWARE_VERSION, UPDATER_VERSION
from vvxauto.sim.handlers._util import command, split_uptime, tf, uptime_text
from vvxauto.sim.routing import PhoneStatus, Reply, SimRequest, ok

if TYPE_CHECKING:
    from vvxauto.sim.device import SimPhone

IPV6_LINK = "fe80::204:f2ff:fe00:1"
SUBNET = "255.0.0.0"


def _enabled(flag: str) -> str:
    return "enabled" if flag == "1" else "disabled"


def _Enabled(flag: str) -> str:
    return "Enabled" if flag == "1" else "Disabled"


def _mac_colons(mac: str) -> str:
    return ":".join(mac[i : i + 2] for i in range(0, len(mac), 2)).lower()


@command("GET", "/api/v1/mgmt/network/info", name="Management.NetworkInfo")
def network_info(phone: SimPhone, request: SimRequest) -> Reply:
    cfg = phone.config.value
    return ok(
        {
            "DefaultGateway": phone.ip,
            "IPv6Address": "",
            "IPv4Address": phone.ip,
            "DHCPServer": "",
            "DHCP": _enabled(cfg("device.dhcp.enabled")),
            "UpgradeServer": "",
            "DHCPOption60Format": "ASCII String",
            "DHCPBootServerUseOption": "Static",
            "ZTPStatus": "disabled",
            "DHCPBootServerOption": "160",
            "DHCPBootServerOptionType": "String",
            "LLDP": _enabled(cfg("device.net.lldpEnabled")),
            "LANPortStatus": "active",
            "SubnetMask": SUBNET,
            "AlternateDNSServer": cfg("device.dns.altSrvAddress"),
            "DNSServer": cfg("device.dns.serverAddress"),
            "DNSDomain": cfg("device.dns.domain"),
            "LANSpeed": "1000MB",
            "SNTPAddress": cfg("tcpIpApp.sntp.address"),
            "VLANDiscoveryMode": "Disabled",
            "CDPCompability": _enabled(cfg("device.net.cdpEnabled")),
            "VLANID": cfg("device.net.vlanId"),
            "VLANIDOption": "129",
            "ProvServerAddress": cfg("device.prov.serverName"),
            "ProvServerUser": cfg("device.prov.user"),
            "ProvServerType": cfg("device.prov.serverType"),
        }
    )


@command("GET", "/api/v1/mgmt/device/info", name="Management.DeviceInfo")
def device_info_v1(phone: SimPhone, request: SimRequest) -> Reply:
    return ok(
        {
            "ModelNumber": phone.model,
            "FirmwareRelease": FIRMWARE_VERSION,
            "DeviceType": "HardwareEndPoint",
            "DeviceVendor": "Polycom",
            "UpTimeSinceLastReboot": uptime_text(phone.uptime_seconds()),
            "IPV4Address": phone.ip,
            "IPV6Address": "",
            "MACAddress": phone.mac,
            "AttachedHardware": {"Camera": "False", "EM": []},
        }
    )


@command("GET", "/api/v2/mgmt/device/info", name="Management.DeviceInfoV2")
def device_info_v2(phone: SimPhone, request: SimRequest) -> Reply:
    days, hours, minutes, seconds = split_uptime(phone.uptime_seconds())
    idle = not phone.live_calls()
    return ok(
        {
            "ModelNumber": phone.model,
            "DeviceVendor": "Polycom",
            "DeviceType": "HardwareEndpoint",
            "MACAddress": phone.mac,
            "Firmware": {
                "Application": f"{FIRMWARE_VERSION} {FIRMWARE_BUILD}",
                "Updater": UPDATER_VERSION,
                "BootBlock": BOOTBLOCK_VERSION,
            },
            "IPAddress": phone.ip,
            "IPStack": "IPv4 Only",
            "PreferredNetwork": "IPv4",
            "IPv6Address": "",
            "IPv6LinkAddress": IPV6_LINK,
            "IPv6ULAAddress": "",
            "UpTime": {
                "Days": str(days),
                "Hours": str(hours),
                "Minutes": str(minutes),
                "Seconds": str(seconds),
            },
            "AttachedHardware": {"Camera": "False", "EM": []},
            "CanApplyShutdownRequest": tf(idle),
            "IntendToShutdown": "False",
            "AppState": "AppStateReady" if phone.ready else "AppStateStarting",
            "ReadyToUse": tf(phone.ready),
        }
    )


@command("GET", "/api/v1/mgmt/network/stats", name="Management.NetworkStatistics")
def network_stats(phone: SimPhone, request: SimRequest) -> Reply:
    uptime = phone.uptime_seconds()
    sent, received = phone.media_packets()
    return ok(
        {
            "UpTime": uptime_text(uptime),
            "RxPackets": 3 * uptime + 2 * phone.requests + received,
            "TxPackets": 2 * uptime + 2 * phone.requests + sent,
        }
    )


def _heap(base: int) -> dict[str, str]:
    return {
        "uordblks": str(base),
        "hblkhd": str(base // 8),
        "arena": str(base + base // 4),
        "fordblks": str(base // 4),
    }


@command("GET", "/api/v1/mgmt/device/stats", name="Management.DeviceStats")
def device_stats(phone: SimPhone, request: SimRequest) -> Reply:
    total = 512 * 1024 * 1024
    calls = len(phone.live_calls())
    used = 201 * 1024 * 1024 + calls * 2 * 1024 * 1024
    load = 6 + 9 * min(calls, 4)
    return ok(
        {
            "Memory": {
                "Used": str(used),
                "Free": str(total - used),
                "Total": str(total),
                "ComAS": str(used + 64 * 1024 * 1024),
                "Cached": str(96 * 1024 * 1024),
                "SReclaim": str(12 * 1024 * 1024),
                "polyapp": _heap(48 * 1024 * 1024 + calls * 1024 * 1024),
                "em": _heap(2 * 1024 * 1024),
                "brow": _heap(24 * 1024 * 1024),
                "pgui": _heap(16 * 1024 * 1024),
                "osd": _heap(1024 * 1024),
                "ec": _heap(512 * 1024),
                "dbs": _heap(768 * 1024),
            },
            "CPU": {"Current": f"{load}.0", "Average": f"{max(load - 3, 1)}.5"},
            "RAMDiskSize": str(64 * 1024 * 1024),
        }
    )


@command("GET", "/api/v1/mgmt/device/runningConfig", name="Management.RunningConfig")
def running_config(phone: SimPhone, request: SimRequest) -> Reply:
    cfg = phone.config.value
    offset = int(cfg("tcpIpApp.sntp.gmtOffset", "0") or "0")
    return ok(
        {
            "Network": {
                "IPAddress": phone.ip,
                "SubnetMask": SUBNET,
                "IPGateway": phone.ip,
                "IPStack": "IPv4 Only",
                "IPv6Address": "",
                "IPv6Gateway": "",
                "IPv6AddressDiscovery": "SLAAC",
                "IPv6LinkAddress": IPV6_LINK,
                "IPv6ULAAddress": "",
                "PreferredNetwork": "IPv4",
                "VLAN": cfg("device.net.vlanId"),
                "VLANFiltering": "Disabled",
                "CDP": _Enabled(cfg("device.net.cdpEnabled")),
                "LLDP": _Enabled(cfg("device.net.lldpEnabled")),
                "StormFilterPPS": "38",
                "StormFiltering": "Enabled",
            },
            "DHCP": {
                "Feature": _Enabled(cfg("device.dhcp.enabled")),
                "Option60Format": "ASCII String",
                "BootServerOptionType": "String",
                "BootServerUseOption": "Static",
                "BootServerOption": "160",
                "OfferTimeout": "10",
                "VLANDiscovery": "Disabled",
                "VLANDiscoveryOption": "129",
            },
            "DNS": {
                "Feature": "Enabled",
                "PrimaryServer": cfg("device.dns.serverAddress"),
                "SecondaryServer": cfg("device.dns.altSrvAddress"),
                "Domain": cfg("device.dns.domain"),
            },
            "Provisioning": {
                "Server": cfg("device.prov.serverName"),
                "ServerType": cfg("device.prov.serverType"),
                "User": cfg("device.prov.user"),
                "FileTxTries": "3",
                "RetryWait": "60",
                "MaxServers": "1",
                "NetworkEnv": "LAN",
                "TagSerialNo": "Disabled",
            },
            "Syslog": {
                "Server": cfg("device.syslog.serverName"),
                "Transport": cfg("device.syslog.transport"),
                "RenderLevel": cfg("device.syslog.renderLevel"),
                "Facility": cfg("device.syslog.facility"),
                "PrependMAC": _Enabled(cfg("device.syslog.prependMac")),
            },
            "SNTP": {
                "Server": cfg("tcpIpApp.sntp.address"),
                "GMTOffsetSeconds": str(offset),
                "GMTOffsetHours": str(offset // 3600),
            },
            "TR069": {
                "Feature": _Enabled(cfg("device.tr069.enabled")),
                "ACSURL": "",
                "ACSUsername": "",
                "CPEUsername": "",
                "PeriodicInform": "Disabled",
                "InformInterval": "0",
                "UpgradeManagement": "Disabled",
            },
        }
    )


# -- lines ------------------------------------------------------------------------------------------


def _server(phone: SimPhone, line: int) -> tuple[str, str]:
    cfg = phone.config.value
    address = cfg(f"reg.{line}.server.1.address") or cfg("voIpProt.server.1.address") or phone.exchange.domain
    port = cfg(f"reg.{line}.server.1.port") or cfg("voIpProt.server.1.port") or "5060"
    return address, port


def _status(phone: SimPhone, line: int) -> str:
    return "Registered" if phone.is_registered(line) else "Unregistered"


@command("GET", "/api/v1/mgmt/lineInfo", name="Management.LineInfo")
def line_info_v1(phone: SimPhone, request: SimRequest) -> Reply:
    cfg = phone.config.value
    lines = []
    for n in phone.line_numbers():
        server, port = _server(phone, n)
        address = cfg(f"reg.{n}.address")
        lines.append(
            {
                "LineNumber": str(n),
                "Protocol": "SIP",
                "SIPAddress": f"{address}@{server}" if address and "@" not in address else address,
                "ProxyAddress": server,
                "UserID": cfg(f"reg.{n}.auth.userId") or address,
                "Label": cfg(f"reg.{n}.label") or address,
                "LineType": cfg(f"reg.{n}.type", "private").capitalize(),
                "RegistrationStatus": _status(phone, n),
                "Port": port,
            }
        )
    return ok(lines)


@command("GET", "/api/v2/mgmt/lineInfo", name="Management.LineInfoV2")
def line_info_v2(phone: SimPhone, request: SimRequest) -> Reply:
    cfg = phone.config.value
    numbers = phone.line_numbers()
    query = {k.lower(): v for k, v in request.query.items()}
    if "line" in query:
        try:
            wanted = int(query["line"].strip())
        except ValueError:
            raise PhoneStatus("4000", detail="line is a number") from None
        if wanted not in numbers:
            raise PhoneStatus("4005", detail="line does not exist")
        numbers = [wanted]
    lines: list[dict[str, Any]] = []
    expires = cfg("voIpProt.server.1.expires", "3600")
    for n in numbers:
        server, port = _server(phone, n)
        address = cfg(f"reg.{n}.address")
        calls = [c for c in phone.calls if c.line == n]
        registered = phone.is_registered(n)
        lines.append(
            {
                "ID": str(n),
                "Label": cfg(f"reg.{n}.label") or address,
                "Username": address,
                "Assigned": tf(bool(address)),
                "RegistrationStatus": _status(phone, n),
                "Type": cfg(f"reg.{n}.type", "private").capitalize(),
                "Active": tf(any(not c.ended for c in calls)),
                "DoNotDisturb": tf(phone.dnd),
                "CallAppearances": [c.handle for c in calls],
                "CallServers": [
                    {
                        "ID": "1",
                        "Address": server,
                        "RegistrationStatus": _status(phone, n),
                        "Port": port,
                        "Expires": expires if registered else "0",
                        "Transport": "UdpOnly",
                        "Working": tf(registered),
                    }
                ],
                "ForwardingConfig": {
                    "Always": cfg(f"reg.{n}.fwd.always"),
                    "DoNotDisturb": "",
                    "Busy": cfg(f"reg.{n}.fwd.busy"),
                    "NoAnswer": cfg(f"reg.{n}.fwd.noAnswer"),
                },
            }
        )
    return ok(lines)


# -- hardware ---------------------------------------------------------------------------------------


@command("GET", "/api/v1/mgmt/ledStatus", name="Management.LedStatus")
def led_status(phone: SimPhone, request: SimRequest) -> Reply:
    return ok(phone.leds())


@command("GET", "/api/v1/mgmt/blueTooth/info", name="Management.BluetoothInfo")
def bluetooth_info(phone: SimPhone, request: SimRequest) -> Reply:
    if not phone.has_bluetooth:
        raise PhoneStatus("4004", detail="this model has no Bluetooth")
    enabled = phone.config.value("feature.bluetooth.enabled") == "1"
    return ok(
        {
            "Enabled": "Yes" if enabled else "No",
            "Version": "4.0",
            "Devices": [dict(d) for d in phone.bluetooth_devices] if enabled else [],
        }
    )


@command("GET", "/api/v1/mgmt/pcPort/info", name="Management.PC_Port_Info")
def pc_port_info(phone: SimPhone, request: SimRequest) -> Reply:
    if not phone.has_pc_port:
        raise PhoneStatus("4004", detail="this device has no PC port")
    connected = phone.pc_port_connected
    pc_mac = "0050B6" + phone.mac[-6:] if connected else ""
    return ok({"PCPortStatus": "Active" if connected else "Inactive", "PCMacAddress": pc_mac})


LOCATION_FIELDS = (
    "Country", "StreetGroup", "House Number", "State", "Place Type", "District", "Add. Info",
    "Road SubSection", "City", "Neighbourhood Block", "Landmark", "Post Box", "Division", "Street",
    "Road Section", "Street1", "Street2", "Place Name", "House Num. Suff.", "Zip Code",
    "Road Pre Modifier", "Building", "Unit", "Floor", "Additional Code", "Room", "Postal Name",
    "Seat", "Road", "Road Branch", "Road Post Modifier",
)  # fmt: skip

_LOCATION_CONFIG = {
    "Country": "locInfo.country",
    "City": "locInfo.city",
    "Street": "locInfo.street",
    "Building": "locInfo.building",
    "Floor": "locInfo.floor",
    "Room": "locInfo.room",
}


@command("GET", "/api/v1/mgmt/location/info", name="Management.LocationInformation")
def location_info(phone: SimPhone, request: SimRequest) -> Reply:
    data: dict[str, str] = {}
    for name in LOCATION_FIELDS:
        key = _LOCATION_CONFIG.get(name)
        data[name] = phone.location.get(name) or (phone.config.value(key) if key else "")
    return ok(data)
