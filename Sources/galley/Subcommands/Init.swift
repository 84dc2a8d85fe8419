import ArgumentParser
import Foundation
import GalleySite

/// `galley init`: a starter site to build on.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a starter site: site.yml, a home page, a guide page with a runnable snippet, and a .gitignore.",
        discussion: """
            Nothing is written when any of the starter's files exists already. With --theme, the \
            built-in theme's templates and assets are copied into templates/ to be changed; a \
            site without templates/ uses the built-in theme, and any file of templates/ takes the \
            place of the built-in file of the same path.
            """
    )

    @Argument(help: ArgumentHelp("The folder to write the site into (made if it does not exist).", valueName: "dir"))
    var folder = "."

    @Flag(name: .long, help: "Also copy the built-in theme's templates and assets into templates/, to be changed.")
    var theme = false

    func run() throws {
        let url = URL(filePath: folder)
        let themeFiles = theme ? Theme.builtInFiles.map { (path: "templates/" + $0.path, data: Data($0.text.utf8)) } : []
        do {
            let written = try StarterSite.create(in: url, extra: themeFiles)
            for path in written { Console.out("wrote \(folder == "." ? path : folder + "/" + path)") }
            let into = folder == "." ? "" : "cd \(folder) && "
            Console.out("Next: \(into)galley serve, and open the address it prints; galley check verifies every snippet.")
        } catch {
            Console.error("error: \(error.message)")
            throw ExitCode.failure
        }
    }
}
