import ChatJSON
import Foundation

/// A file on an article, sent base64 as `Attachment: [{Content, ContentType, Filename}]`.
public struct GIAttachmentFields: Hashable, Sendable {
    public var filename: String
    public var contentType: String
    public var content: [UInt8]

    public init(filename: String, contentType: String, content: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }

    var json: JSON {
        ["Content": .string(Data(content).base64EncodedString()), "ContentType": .string(contentType), "Filename": .string(filename)]
    }

    func checked() throws(GenericInterfaceError) {
        // Znuny refuses an attachment without a file name ("Attachment->Filename  parameter is missing!")
        guard !filename.isEmpty, filename.count <= 250 else { throw .refused("Attachment->Filename must be 1 to 250 characters") }
        guard !contentType.isEmpty, contentType.count <= 250 else { throw .refused("Attachment->ContentType must be 1 to 250 characters") }
    }
}
