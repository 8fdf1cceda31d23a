Function BEDRAG(bedrag_mln, Optional eenheid)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        BEDRAG = XLPy.CallUDF("xl_opgave.udfs", "BEDRAG", Array(bedrag_mln, eenheid), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        BEDRAG = XLPy.CallUDF("xl_opgave.udfs", "BEDRAG", Array(bedrag_mln, eenheid))
        Exit Function
    #End If
failed:
    BEDRAG = Err.Description
End Function

Function JAARLIJKS(bedrag, periode, Optional laatste_jaar)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        JAARLIJKS = XLPy.CallUDF("xl_opgave.udfs", "JAARLIJKS", Array(bedrag, periode, laatste_jaar), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        JAARLIJKS = XLPy.CallUDF("xl_opgave.udfs", "JAARLIJKS", Array(bedrag, periode, laatste_jaar))
        Exit Function
    #End If
failed:
    JAARLIJKS = Err.Description
End Function

Function OPGAVE(programma, naam)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OPGAVE = XLPy.CallUDF("xl_opgave.udfs", "OPGAVE", Array(programma, naam), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        OPGAVE = XLPy.CallUDF("xl_opgave.udfs", "OPGAVE", Array(programma, naam))
        Exit Function
    #End If
failed:
    OPGAVE = Err.Description
End Function

Function RESTOPGAVE(opgave, dekking, Optional methode)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        RESTOPGAVE = XLPy.CallUDF("xl_opgave.udfs", "RESTOPGAVE", Array(opgave, dekking, methode), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        RESTOPGAVE = XLPy.CallUDF("xl_opgave.udfs", "RESTOPGAVE", Array(opgave, dekking, methode))
        Exit Function
    #End If
failed:
    RESTOPGAVE = Err.Description
End Function

Function RESTOPGAVE_TABEL(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        RESTOPGAVE_TABEL = XLPy.CallUDF("xl_opgave.udfs", "RESTOPGAVE_TABEL", Array(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        RESTOPGAVE_TABEL = XLPy.CallUDF("xl_opgave.udfs", "RESTOPGAVE_TABEL", Array(onderdelen, opgave, dekking, verdeelsleutel, rijksdekking))
        Exit Function
    #End If
failed:
    RESTOPGAVE_TABEL = Err.Description
End Function

Function RIJKSDEEL(opgave, verdeelsleutel)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        RIJKSDEEL = XLPy.CallUDF("xl_opgave.udfs", "RIJKSDEEL", Array(opgave, verdeelsleutel), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        RIJKSDEEL = XLPy.CallUDF("xl_opgave.udfs", "RIJKSDEEL", Array(opgave, verdeelsleutel))
        Exit Function
    #End If
failed:
    RIJKSDEEL = Err.Description
End Function

Function RIJKSRESTOPGAVE(opgave, verdeelsleutel, rijksdekking, Optional methode)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        RIJKSRESTOPGAVE = XLPy.CallUDF("xl_opgave.udfs", "RIJKSRESTOPGAVE", Array(opgave, verdeelsleutel, rijksdekking, methode), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        RIJKSRESTOPGAVE = XLPy.CallUDF("xl_opgave.udfs", "RIJKSRESTOPGAVE", Array(opgave, verdeelsleutel, rijksdekking, methode))
        Exit Function
    #End If
failed:
    RIJKSRESTOPGAVE = Err.Description
End Function

