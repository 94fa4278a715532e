Attribute VB_Name = "mchch"
' mchch-xl ribbon callbacks. No logic here: each button hands the open workbook to Python
' (mchch_xl.xl.ribbon) through xlwings' RunPython. Labels and messages are Thai and live in
' customUI.xml and Python, because VBA source is stored in code page 1252 (ASCII only here).
Option Explicit

Public Sub MchchValidate(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.validate()"
End Sub

Public Sub MchchShowIssues(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.show_issues()"
End Sub

Public Sub MchchBuildOrder(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.build_order()"
End Sub

Public Sub MchchEmitRsvp(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.emit_rsvp()"
End Sub

Public Sub MchchRecalc(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.recalc()"
End Sub

Public Sub MchchMakeTemplates(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.make_templates()"
End Sub

Public Sub MchchImportFiles(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.import_files()"
End Sub

Public Sub MchchCertify(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.certify()"
End Sub

Public Sub MchchStartNextYear(control As Object)
    RunPython "import mchch_xl.xl.ribbon as r; r.start_next_year()"
End Sub
