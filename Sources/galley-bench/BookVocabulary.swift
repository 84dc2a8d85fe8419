/// The names the book's programs are written with, and how often each has been declared.
///
/// A book reuses its names from chapter to chapter (`Account` in the chapter on structures,
/// again on errors and on actors), and Galley never merges two programs that declare the
/// same name, so the reuse is part of what the benchmark measures. Each name is handed out
/// to the programs that have declared it least, and to at most ``maximumUses`` of them.
struct BookVocabulary {
    /// A type the programs declare: a name, a text property and two whole-number properties.
    struct Entity {
        var name: String
        var label: String
        var labelKind: LabelKind
        var first: String
        var second: String

        /// The name of a variable holding one: `account` for `Account`.
        var variable: String { name.prefix(1).lowercased() + name.dropFirst() }
    }

    enum LabelKind {
        case person, place, title, code
    }

    /// The most programs that may declare one name.
    static let maximumUses = 8

    private(set) var uses: [String: Int] = [:]

    /// An entity that the fewest programs have declared so far, preferring those at
    /// `preferred` positions of ``entities`` (a chapter's cast) while they are under the cap.
    mutating func entity(preferring preferred: [Int] = [], excluding excluded: Set<String> = []) -> Entity {
        let candidates = preferred.map { Self.entities[$0 % Self.entities.count] }
            .filter { !excluded.contains($0.name) && uses[$0.name, default: 0] < Self.maximumUses }
        let pool = candidates.isEmpty ? Self.entities.filter { !excluded.contains($0.name) } : candidates
        let chosen = pool.min { uses[$0.name, default: 0] < uses[$1.name, default: 0] }!
        return chosen
    }

    /// The name from `pool` that the fewest programs have declared so far.
    func name(from pool: [String], excluding excluded: Set<String> = []) -> String {
        pool.filter { !excluded.contains($0) }.min { uses[$0, default: 0] < uses[$1, default: 0] }!
    }

    /// Counts one more program declaring each of `names`.
    mutating func declare(_ names: [String]) {
        for name in Set(names) { uses[name, default: 0] += 1 }
    }

    /// The plural of `word`, for a variable that holds several: `accounts`, `batteries`, `matches`.
    static func plural(_ word: String) -> String {
        if word.hasSuffix("s") || word.hasSuffix("x") || word.hasSuffix("ch") || word.hasSuffix("sh") { return word + "es" }
        if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        return word + "s"
    }

    // MARK: - Words

    static let entities: [Entity] = [
        Entity(name: "Account", label: "owner", labelKind: .person, first: "balance", second: "overdraft"),
        Entity(name: "Ledger", label: "name", labelKind: .title, first: "credits", second: "debits"),
        Entity(name: "Point", label: "label", labelKind: .code, first: "x", second: "y"),
        Entity(name: "Temperature", label: "city", labelKind: .place, first: "celsius", second: "humidity"),
        Entity(name: "Inventory", label: "location", labelKind: .place, first: "items", second: "capacity"),
        Entity(name: "Order", label: "customer", labelKind: .person, first: "quantity", second: "unitPrice"),
        Entity(name: "Invoice", label: "client", labelKind: .person, first: "amount", second: "taxRate"),
        Entity(name: "Customer", label: "name", labelKind: .person, first: "visits", second: "points"),
        Entity(name: "Product", label: "sku", labelKind: .code, first: "price", second: "stock"),
        Entity(name: "Shipment", label: "destination", labelKind: .place, first: "weight", second: "distance"),
        Entity(name: "Warehouse", label: "city", labelKind: .place, first: "shelves", second: "boxes"),
        Entity(name: "Recipe", label: "title", labelKind: .title, first: "servings", second: "minutes"),
        Entity(name: "Ingredient", label: "name", labelKind: .title, first: "grams", second: "calories"),
        Entity(name: "Playlist", label: "title", labelKind: .title, first: "tracks", second: "minutes"),
        Entity(name: "Song", label: "title", labelKind: .title, first: "seconds", second: "plays"),
        Entity(name: "Album", label: "artist", labelKind: .person, first: "tracks", second: "year"),
        Entity(name: "Book", label: "title", labelKind: .title, first: "pages", second: "chapters"),
        Entity(name: "Library", label: "branch", labelKind: .place, first: "books", second: "members"),
        Entity(name: "Student", label: "name", labelKind: .person, first: "score", second: "credits"),
        Entity(name: "Course", label: "code", labelKind: .code, first: "seats", second: "enrolled"),
        Entity(name: "Employee", label: "name", labelKind: .person, first: "salary", second: "years"),
        Entity(name: "Team", label: "name", labelKind: .place, first: "wins", second: "losses"),
        Entity(name: "Match", label: "venue", labelKind: .place, first: "home", second: "away"),
        Entity(name: "Player", label: "name", labelKind: .person, first: "goals", second: "assists"),
        Entity(name: "Flight", label: "code", labelKind: .code, first: "seats", second: "booked"),
        Entity(name: "Trip", label: "destination", labelKind: .place, first: "days", second: "budget"),
        Entity(name: "Hotel", label: "name", labelKind: .place, first: "rooms", second: "occupied"),
        Entity(name: "Reservation", label: "guest", labelKind: .person, first: "nights", second: "rate"),
        Entity(name: "Ticket", label: "event", labelKind: .title, first: "price", second: "row"),
        Entity(name: "Budget", label: "category", labelKind: .title, first: "planned", second: "spent"),
        Entity(name: "Expense", label: "category", labelKind: .title, first: "amount", second: "receipts"),
        Entity(name: "Transaction", label: "memo", labelKind: .title, first: "amount", second: "fee"),
        Entity(name: "Wallet", label: "owner", labelKind: .person, first: "coins", second: "notes"),
        Entity(name: "Portfolio", label: "owner", labelKind: .person, first: "shares", second: "price"),
        Entity(name: "Stock", label: "symbol", labelKind: .code, first: "price", second: "volume"),
        Entity(name: "Sensor", label: "location", labelKind: .place, first: "reading", second: "threshold"),
        Entity(name: "Meter", label: "serial", labelKind: .code, first: "reading", second: "previous"),
        Entity(name: "Battery", label: "device", labelKind: .code, first: "charge", second: "capacity"),
        Entity(name: "Server", label: "host", labelKind: .code, first: "requests", second: "failures"),
        Entity(name: "Download", label: "file", labelKind: .title, first: "received", second: "total"),
        Entity(name: "Upload", label: "file", labelKind: .title, first: "sent", second: "total"),
        Entity(name: "Counter", label: "label", labelKind: .title, first: "value", second: "step"),
        Entity(name: "Score", label: "player", labelKind: .person, first: "points", second: "bonus"),
        Entity(name: "Grade", label: "subject", labelKind: .title, first: "mark", second: "weight"),
        Entity(name: "Garden", label: "name", labelKind: .place, first: "plants", second: "beds"),
        Entity(name: "Plant", label: "species", labelKind: .title, first: "height", second: "age"),
        Entity(name: "Vehicle", label: "model", labelKind: .code, first: "speed", second: "fuel"),
        Entity(name: "Car", label: "model", labelKind: .code, first: "mileage", second: "seats"),
        Entity(name: "Bicycle", label: "model", labelKind: .code, first: "gears", second: "wheelSize"),
        Entity(name: "Route", label: "name", labelKind: .place, first: "stops", second: "kilometres"),
        Entity(name: "Parcel", label: "recipient", labelKind: .person, first: "weight", second: "zone"),
        Entity(name: "Coupon", label: "code", labelKind: .code, first: "percent", second: "uses"),
        Entity(name: "Cart", label: "owner", labelKind: .person, first: "items", second: "total"),
        Entity(name: "Subscription", label: "plan", labelKind: .title, first: "months", second: "fee"),
        Entity(name: "Menu", label: "restaurant", labelKind: .place, first: "dishes", second: "price"),
        Entity(name: "Dish", label: "name", labelKind: .title, first: "price", second: "calories"),
        Entity(name: "Room", label: "name", labelKind: .title, first: "width", second: "length"),
        Entity(name: "Building", label: "name", labelKind: .place, first: "floors", second: "rooms"),
        Entity(name: "Elevator", label: "building", labelKind: .place, first: "level", second: "capacity"),
        Entity(name: "Thermostat", label: "room", labelKind: .title, first: "target", second: "current"),
        Entity(name: "Appointment", label: "patient", labelKind: .person, first: "hour", second: "minutes"),
        Entity(name: "Patient", label: "name", labelKind: .person, first: "age", second: "visits"),
        Entity(name: "Workout", label: "kind", labelKind: .title, first: "minutes", second: "calories"),
        Entity(name: "Project", label: "name", labelKind: .title, first: "tasks", second: "done"),
        Entity(name: "Milestone", label: "title", labelKind: .title, first: "week", second: "points"),
        Entity(name: "Sprint", label: "name", labelKind: .title, first: "planned", second: "completed"),
        Entity(name: "Release", label: "version", labelKind: .code, first: "fixes", second: "features"),
        Entity(name: "Document", label: "title", labelKind: .title, first: "words", second: "pages"),
        Entity(name: "Note", label: "title", labelKind: .title, first: "words", second: "stars"),
        Entity(name: "Message", label: "sender", labelKind: .person, first: "length", second: "priority"),
        Entity(name: "Channel", label: "name", labelKind: .title, first: "members", second: "messages"),
        Entity(name: "Matrix", label: "name", labelKind: .code, first: "rows", second: "columns"),
        Entity(name: "Fraction", label: "label", labelKind: .code, first: "numerator", second: "denominator"),
        Entity(name: "Money", label: "currency", labelKind: .code, first: "units", second: "cents"),
        Entity(name: "Coordinate", label: "label", labelKind: .place, first: "latitude", second: "longitude"),
        Entity(name: "Distance", label: "label", labelKind: .title, first: "metres", second: "steps"),
        Entity(name: "Weather", label: "city", labelKind: .place, first: "rainfall", second: "wind"),
        Entity(name: "Forecast", label: "city", labelKind: .place, first: "high", second: "low"),
        Entity(name: "Vote", label: "region", labelKind: .place, first: "yes", second: "no"),
        Entity(name: "Auction", label: "item", labelKind: .title, first: "bid", second: "reserve"),
    ]

    static let people = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Margaret", "Dennis", "Frances", "Hedy", "Katherine", "Linus", "Radia"]
    static let places = ["Lisbon", "Oslo", "Kyoto", "Quito", "Nairobi", "Porto", "Tallinn", "Hobart", "Cusco", "Bergen", "Dakar", "Perth"]
    static let titles = [
        "Morning", "Blue Hour", "Field Notes", "Open Water", "Small Steps", "Long Road", "First Light", "Quiet Room",
        "North Wind", "Paper Boats", "Salt Flats", "Night Shift",
    ]
    static let codes = ["A-101", "BX-7", "QF-12", "ZR-3", "K-220", "MT-48", "P-9", "LX-31", "D-604", "HV-15", "C-77", "RN-2"]

    static func labels(_ kind: LabelKind) -> [String] {
        switch kind {
        case .person: people
        case .place: places
        case .title: titles
        case .code: codes
        }
    }

    /// Enumerations with plain cases, in their natural order.
    static let caseLists: [(name: String, cases: [String])] = [
        ("Weekday", ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
        ("Season", ["spring", "summer", "autumn", "winter"]),
        ("Planet", ["mercury", "venus", "earth", "mars", "jupiter", "saturn", "uranus", "neptune"]),
        ("Suit", ["clubs", "diamonds", "hearts", "spades"]),
        ("Priority", ["low", "normal", "high", "urgent"]),
        ("Level", ["beginner", "intermediate", "advanced", "expert"]),
        ("Direction", ["north", "east", "south", "west"]),
        ("Coin", ["penny", "nickel", "dime", "quarter"]),
        ("Status", ["draft", "review", "approved", "published"]),
        ("Light", ["red", "amber", "green"]),
        ("Month", ["january", "february", "march", "april", "may", "june"]),
        ("Phase", ["planning", "building", "testing", "shipping"]),
    ]

    /// Protocols the programs declare, each with the one text requirement its conformers add.
    static let protocols: [(name: String, requirement: String)] = [
        ("Describable", "summary"), ("Labelled", "caption"), ("Summarizable", "digest"), ("Displayable", "display"),
        ("Reportable", "headline"), ("Taggable", "tag"), ("Printable", "printout"), ("Presentable", "banner"),
        ("Named", "displayName"), ("Captioned", "subtitle"), ("Archivable", "record"), ("Auditable", "trail"),
    ]

    /// Generic containers.
    static let containers = ["Stack", "Pile", "Basket", "Crate", "Drawer", "Tray", "Carton", "Shelf", "Bucket", "Locker"]

    /// Generic functions over sequences, with what they do.
    static let genericFunctions = ["largest", "smallest", "mostCommon", "firstRepeated", "countMatching", "runningTotals"]
}
