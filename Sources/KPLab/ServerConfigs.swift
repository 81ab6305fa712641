/// Configuration files of the real servers, as text. Paths are under the lab's
/// work folder `w`; nothing is written to the system's own /etc.
enum ServerConfigs {
    static func nginx(w: String, instance: String, servers: [String]) -> String {
        let pfx = "\(w)/\(instance)"
        return """
            daemon off;
            master_process on;
            worker_processes 1;
            pid \(pfx)/nginx.pid;
            error_log \(pfx)/nginx-error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(pfx)/tmp/body;
                proxy_temp_path \(pfx)/tmp/proxy;
                fastcgi_temp_path \(pfx)/tmp/fastcgi;
                uwsgi_temp_path \(pfx)/tmp/uwsgi;
                scgi_temp_path \(pfx)/tmp/scgi;
                types { text/html html; text/plain txt; }
                default_type text/plain;
                keepalive_timeout 5;
                ssl_protocols TLSv1.2 TLSv1.3;
            \(servers.map { "    " + $0 }.joined(separator: "\n"))
            }

            """
    }

    /// nginx server blocks of one web host: a virtual host per site, the first
    /// site of each address and port being the default server.
    static func nginxSites(w: String, sites: [LabSpec.Site]) -> [String] {
        var seen = Set<String>()
        return sites.map { s in
            let tls = s.tls == true
            let listen = "\(s.addr):\(tls ? 443 : 80)"
            let def = seen.insert(listen).inserted ? " default_server" : ""
            let ssl = tls ? " ssl; ssl_certificate \(w)/tls/\(s.name).crt; ssl_certificate_key \(w)/tls/\(s.name).key;" : ";"
            return "server { listen \(listen)\(def)\(ssl) server_name \(s.name) www.\(s.name); root \(w)/www/\(s.name); }"
        }
    }

    /// dnsmasq as an authoritative server for the zone `kp` on `addr`.
    static func dnsmasq(w: String, host: String, addr: String, axfr: Bool, records: [String]) -> String {
        var lines = [
            "no-resolv", "no-hosts", "no-poll", "bind-interfaces",
            "listen-address=\(addr)",
            "pid-file=\(w)/\(host)/dnsmasq.pid",
            "user=root",
            "auth-server=\(host).kp,\(addr)",
            "auth-zone=kp",
            "auth-soa=2024050101,hostmaster.kp",
        ]
        // dnsmasq answers AXFR only when secondaries are named: naming one opens
        // the zone to any client; leaving it out refuses every transfer.
        if axfr { lines.append("auth-sec-servers=\(host)-secondary.kp") }
        return (lines + records).joined(separator: "\n") + "\n"
    }

    static func smtpd(hostname: String, addr: String, domain: String, user: String) -> String {
        """
        table vusers { "\(user)@\(domain)" = "nobody" }
        listen on \(addr) port 25 hostname \(hostname)
        action "sink" mda "/bin/sh -c 'cat >/dev/null'" virtual <vusers>
        match from any for domain "\(domain)" action "sink"

        """
    }

    static func dovecot(w: String, addr: String, protocols: [String], password: String) -> String {
        let d = "\(w)/dovecot"
        return """
            protocols = \(protocols.joined(separator: " "))
            listen = \(addr)
            base_dir = \(d)/run
            state_dir = \(d)/state
            log_path = \(d)/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            login_greeting = \(SoftwareVersions.dovecotGreeting)
            default_login_user = dovenull
            default_internal_user = dovecot
            passdb {
              driver = static
              args = password=\(password)
            }
            userdb {
              driver = static
              args = uid=nobody gid=nogroup home=\(d)/home/%u
            }
            mail_location = maildir:~/Maildir
            service imap-login {
              inet_listener imap {
                port = \(protocols.contains("imap") ? 143 : 0)
              }
              inet_listener imaps {
                port = 0
              }
            }
            service pop3-login {
              inet_listener pop3 {
                port = \(protocols.contains("pop3") ? 110 : 0)
              }
              inet_listener pop3s {
                port = 0
              }
            }

            """
    }

    static func sshd(w: String, host: String, addr: String) -> String {
        """
        Port 22
        ListenAddress \(addr)
        HostKey \(w)/\(host)/ssh_host_ed25519_key
        PidFile \(w)/\(host)/sshd.pid
        UsePAM no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin no

        """
    }

    /// A small page; the portal's lists every other site (where a crawler starts).
    static func page(site: String, links: [(name: String, tls: Bool)]) -> String {
        let items = links.map { "<li><a href=\"\($0.tls ? "https" : "http")://\($0.name)/\">\($0.name)</a></li>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(site)</title></head>
            <body><h1>\(site)</h1><p>A site of the kpcensus lab intranet.</p>
            <p><a href="/about.html">About</a></p>
            \(links.isEmpty ? "" : "<ul>\n\(items)\n</ul>")
            </body></html>

            """
    }
}
