internal import Foundation
public import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import NIOCore

extension PreviewServer {
    /// The HTTP side of the preview: the routes over `state` on the address of the options,
    /// with their ``ConnectionLimits``. It tells ``report`` its address once it listens.
    ///
    /// ``run()`` serves it beside the watcher; tests serve it alone.
    public func application(state: PreviewState) -> some ApplicationProtocol {
        let host = options.host
        let report = self.report
        let limits = options.limits
        let limiter = ConnectionLimiter(limit: limits.maxConnections) { report(.note($0)) }
        return Application(
            router: PreviewRouter.make(state: state, heartbeat: limits.eventStreamHeartbeat),
            server: .preview(limits: limits, limiter: limiter),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: options.port),
                serverName: "galley",
                // Past the limit, connections wait here; a full queue drops their first packet,
                // which costs a client a second before it tries again.
                backlog: max(256, limits.maxConnections),
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: Self.quietLogger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                if let url = URL(string: "http://\(shownHost):\(port)/") { report(.listening(url)) }
            },
            logger: Self.quietLogger
        )
    }
}
