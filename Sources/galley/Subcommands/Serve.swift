import ArgumentParser
import Foundation
import GalleyServer
import GalleySite

/// `galley serve`: the local preview with live reload.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site on a local server that rebuilds and reloads as you edit.",
        discussion: """
            The site is built into memory and served on loopback. Changes under content/ and \
            templates/ are rebuilt as soon as they are saved, and the open pages reload once \
            the new build is complete. Snippets show their cached output at once; new ones run \
            in the background and the page reloads when they finish. A build error never stops \
            the server: the pages show it until the next good save. Stop with Ctrl-C.
            """
    )

    @OptionGroup var content: ContentOptions
    @OptionGroup var render: RenderOptions

    @Option(name: .long, help: ArgumentHelp("The address to listen on; 0.0.0.0 shares the preview with your network.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port = 8000

    @Flag(name: .long, help: "Open the site in the default browser once it is served.")
    var open = false

    @Flag(name: .long, help: "Watch by listing the folders four times a second instead of inotify (network mounts, some containers).")
    var poll = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var session = PreviewSession.Options(contentFolder: content.contentURL, templatesFolder: render.templatesURL)
        session.includeDrafts = render.drafts
        if let jobs = content.jobs { session.jobs = jobs }
        var options = PreviewServer.Options(session: session)
        options.host = host
        options.port = port
        options.poll = poll
        let open = self.open
        let server = PreviewServer(options: options) { message in
            switch message {
            case .listening(let url):
                Console.out("Serving \(url.absoluteString)\(content.impliedContentNote) (Ctrl-C to stop)")
                if open { Self.openInBrowser(url) }
            case .note(let text):
                Console.error(text)
            case .diagnostics(let diagnostics):
                Console.report(diagnostics)
            }
        }
        do {
            try await server.run()
        } catch let error as PreviewServerError {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Asks the desktop to open `url`; says so when it cannot, since the address is printed anyway.
    private static func openInBrowser(_ url: URL) {
        let opener = Process()
        opener.executableURL = URL(filePath: "/usr/bin/env")
        opener.arguments = ["xdg-open", url.absoluteString]
        opener.standardOutput = FileHandle.nullDevice
        opener.standardError = FileHandle.nullDevice
        do {
            try opener.run()
        } catch {
            Console.error("cannot open a browser (\(error.localizedDescription)); open \(url.absoluteString) yourself")
        }
    }
}
