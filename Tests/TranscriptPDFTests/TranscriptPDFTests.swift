import ChatCore
import Testing
import TranscriptPDF
