Attribute VB_Name = "mchch"
' mchch-xl ribbon callbacks. No logic here beyond one guard: each button hands the open workbook
' to Python (mchch_xl.xl.ribbon) through xlwings' RunPython. Labels and messages are Thai and live in
' customUI.xml and Python, because VBA source is stored in code page 1252 (ASCII only here).
Option Explicit

' No workbook open: xlwings' RunPython reads ActiveWorkbook and would stop on run-time error 91.
' Say it in Thai instead. VBA source is code page 1252, so the Thai text is spelled here as
' UTF-16 code units (4 hex digits each) and shown by WScript.Shell's Popup, which is Unicode
' (VBA's MsgBox is ANSI on Windows).
Private Const NO_WORKBOOK As String = "0E220E310E070E440E210E480E210E350E2A0E210E380E140E070E320E190E170E350E480E400E1B0E340E140E2D0E220E390E48003A00200E400E1B0E340E140E2A0E210E380E140E070E320E190E2B0E250E310E010E010E480E2D0E1900200E410E250E490E270E010E140E1B0E380E480E210E430E190E410E170E470E1A00200E210E0A0E0A002E00200E2D0E350E010E040E230E310E490E07"
Private Const TITLE_TH As String = "0E210E0A0E0A002E"

Private Function Thai(codes As String) As String
    Dim i As Long
    For i = 1 To Len(codes) Step 4
        Thai = Thai & ChrW(CLng("&H" & Mid(codes, i, 4)))
    Next i
End Function

Private Function Ready() As Boolean
    Ready = Not (ActiveWorkbook Is Nothing)
    If Not Ready Then
        #If Mac Then
            MsgBox Thai(NO_WORKBOOK), vbExclamation, Thai(TITLE_TH)
        #Else
            CreateObject("WScript.Shell").Popup Thai(NO_WORKBOOK), 0, Thai(TITLE_TH), 48
        #End If
    End If
End Function

Public Sub MchchValidate(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.validate()"
End Sub

Public Sub MchchShowIssues(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.show_issues()"
End Sub

Public Sub MchchBuildOrder(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.build_order()"
End Sub

Public Sub MchchEmitRsvp(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.emit_rsvp()"
End Sub

Public Sub MchchRecalc(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.recalc()"
End Sub

Public Sub MchchDraw(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.draw()"
End Sub

Public Sub MchchMakeTemplates(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.make_templates()"
End Sub

Public Sub MchchImportFiles(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.import_files()"
End Sub

Public Sub MchchCertify(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.certify()"
End Sub
Public Sub MchchStartNextYear(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.start_next_year()"
End Sub

Public Sub MchchDocuments(control As Object)
    If Ready() Then RunPython "import mchch_xl.xl.ribbon as r; r.documents()"
End Sub
